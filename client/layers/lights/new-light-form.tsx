import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { chinaToday } from '@shared/calendar/day-number';
import { LIGHT_PROGRAMMES, LIGHT_TYPES, type LightProgramme, type LightType } from '@shared/lights/light-terms';
import { apiUrl, sendJson } from '@client/api/http';
import { CardHeader } from '@client/app/card-header';
import { ChoiceSelect } from '@client/app/choice-select';
import { FormField } from '@client/app/form-field';
import { useEscape } from '@client/app/use-escape';
import { useI18n } from '@client/i18n/i18n-provider';
import { writeProblem } from '../hazards/hazard-errors';

interface NewLightFormProps {
  /** The point picked on the map (WGS84). */
  at: [number, number];
  onClose(): void;
  /** The light just saved, opened in its card. */
  onSaved(id: number): void;
}

/** 添加照明设施 at a point picked on the map: what it is, its programme, when it went up, who put it up and for how much. */
export function NewLightForm({ at, onClose, onSaved }: NewLightFormProps) {
  const { t } = useI18n();
  useEscape(onClose);
  const client = useQueryClient();
  const [type, setType] = useState<LightType>('street_light');
  const [programme, setProgramme] = useState<LightProgramme>('first_light');
  const [name, setName] = useState('');
  const [installedOn, setInstalledOn] = useState(chinaToday);
  const [installedBy, setInstalledBy] = useState('');
  const [cost, setCost] = useState('');
  const save = useMutation({
    mutationFn: () =>
      sendJson<{ id: number }>('POST', apiUrl('/lights'), {
        type, programme, lon: at[0], lat: at[1], installedOn,
        ...(name.trim() && { name: name.trim() }),
        ...(installedBy.trim() && { installedBy: installedBy.trim() }),
        ...(cost.trim() && { cost: Number(cost) }),
      }),
    onSuccess: (l) => {
      void client.invalidateQueries({ queryKey: ['lights'] });
      onSaved(l.id);
    },
  });
  const problem = save.error ? writeProblem(save.error, t) : null;
  const at_ = (field: string) => (problem?.field === field ? problem.message : null);
  return (
    <aside className="details market-details" data-testid="new-light" aria-label={t('lights.new.title')}>
      <CardHeader title={t('lights.new.title')} onClose={onClose} />
      <p className="panel-muted">{t('lights.new.at', { lon: at[0].toFixed(5), lat: at[1].toFixed(5) })}</p>
      <form
        className="school-post-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <fieldset disabled={save.isPending}>
          <FormField label={t('lights.candidate.planType')} error={at_('type')}>
            <ChoiceSelect<LightType> name="type" testId="new-light-type" values={LIGHT_TYPES} value={type} label={(x) => t(`lights.type.${x}`)} onChange={setType} />
          </FormField>
          <FormField label={t('lights.field.programme')} error={at_('programme')}>
            <ChoiceSelect<LightProgramme> name="programme" testId="new-light-programme" values={LIGHT_PROGRAMMES} value={programme} label={(x) => t(`lights.programme.${x}`)} onChange={setProgramme} />
          </FormField>
          <FormField label={t('lights.field.place')} error={at_('name')}>
            <input type="text" data-testid="new-light-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </FormField>
          <FormField label={t('lights.field.installedOn')} error={at_('installedOn')}>
            <input type="date" data-testid="new-light-installed-on" value={installedOn} max={chinaToday()} onChange={(e) => setInstalledOn(e.target.value)} />
          </FormField>
          <FormField label={t('lights.field.installedBy')} error={at_('installedBy')}>
            <input type="text" maxLength={100} value={installedBy} onChange={(e) => setInstalledBy(e.target.value)} />
          </FormField>
          <FormField label={t('lights.new.cost')} error={at_('cost')}>
            <input type="number" min={0} step={100} value={cost} onChange={(e) => setCost(e.target.value)} />
          </FormField>
          {problem && !['type', 'programme', 'name', 'installedOn', 'installedBy', 'cost'].includes(problem.field ?? '') && (
            <p className="panel-error" role="alert" data-testid="new-light-error">
              {problem.message}
            </p>
          )}
          <button type="submit" className="button button-small" data-testid="new-light-save">
            {t('lights.action.save')}
          </button>
        </fieldset>
      </form>
    </aside>
  );
}
