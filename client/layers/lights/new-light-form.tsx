import { useMutation, useQueryClient } from '@tanstack/react-query';
import { chinaToday } from '@shared/calendar/day-number';
import { apiUrl, sendJson } from '@client/api/http';
import { CardHeader } from '@client/app/card-header';
import { useEscape } from '@client/app/use-escape';
import { useI18n } from '@client/i18n/i18n-provider';
import { writeProblem } from '../hazards/hazard-errors';
import { LightFields, type LightFieldValues } from './light-fields';

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
  const save = useMutation({
    mutationFn: (v: LightFieldValues) =>
      sendJson<{ id: number }>('POST', apiUrl('/lights'), {
        type: v.type, programme: v.programme, lon: at[0], lat: at[1], installedOn: v.installedOn,
        ...(v.name.trim() && { name: v.name.trim() }),
        ...(v.installedBy.trim() && { installedBy: v.installedBy.trim() }),
        ...(v.cost.trim() && { cost: Number(v.cost) }),
      }),
    onSuccess: (l) => {
      void client.invalidateQueries({ queryKey: ['lights'] });
      onSaved(l.id);
    },
  });
  return (
    <aside className="details market-details" data-testid="new-light" aria-label={t('lights.new.title')}>
      <CardHeader title={t('lights.new.title')} onClose={onClose} />
      <p className="panel-muted">{t('lights.new.at', { lon: at[0].toFixed(5), lat: at[1].toFixed(5) })}</p>
      <LightFields
        testId="new-light"
        initial={{ type: 'street_light', programme: 'first_light', name: '', installedOn: chinaToday(), installedBy: '', cost: '' }}
        pending={save.isPending}
        problem={save.error ? writeProblem(save.error, t) : null}
        onSubmit={(v) => save.mutate(v)}
      />
    </aside>
  );
}
