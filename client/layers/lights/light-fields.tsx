import { useState, type ReactNode } from 'react';
import { chinaToday } from '@shared/calendar/day-number';
import { LIGHT_PROGRAMMES, LIGHT_TYPES, type LightProgramme, type LightType } from '@shared/lights/light-terms';
import { ChoiceSelect } from '@client/app/choice-select';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';

/** What a light's form holds, as typed (empty text: not given). */
export interface LightFieldValues {
  type: LightType;
  programme: LightProgramme;
  name: string;
  installedOn: string;
  installedBy: string;
  cost: string;
}

const FIELDS = ['type', 'programme', 'name', 'installedOn', 'installedBy', 'cost'] as const;

interface LightFieldsProps {
  initial: LightFieldValues;
  /** Test ids are `<prefix>-type`, `<prefix>-name`, …, `<prefix>-save`, `<prefix>-error`. */
  testId: string;
  pending: boolean;
  /** The API's refusal: under its field, or below the form. */
  problem: { field: string | null; message: string } | null;
  /** A light still to come may have a day ahead; one that is up, not. */
  futureDay?: boolean;
  onSubmit(values: LightFieldValues): void;
  /** Beside the save button (a cancel link). */
  extra?: ReactNode;
}

/** A light's facts: what it is, its programme, its place name, when it went up, who put it up and for how much. */
export function LightFields({ initial, testId, pending, problem, futureDay = false, onSubmit, extra }: LightFieldsProps) {
  const { t } = useI18n();
  const [v, setV] = useState(initial);
  const set = <K extends keyof LightFieldValues>(k: K) => (x: LightFieldValues[K]) => setV((o) => ({ ...o, [k]: x }));
  const at = (field: string) => (problem?.field === field ? problem.message : null);
  return (
    <form
      className="school-post-form"
      data-testid={`${testId}-form`}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(v);
      }}
    >
      <fieldset disabled={pending}>
        <FormField label={t('lights.candidate.planType')} error={at('type')}>
          <ChoiceSelect<LightType> name="type" testId={`${testId}-type`} values={LIGHT_TYPES} value={v.type} label={(x) => t(`lights.type.${x}`)} onChange={set('type')} />
        </FormField>
        <FormField label={t('lights.field.programme')} error={at('programme')}>
          <ChoiceSelect<LightProgramme> name="programme" testId={`${testId}-programme`} values={LIGHT_PROGRAMMES} value={v.programme} label={(x) => t(`lights.programme.${x}`)} onChange={set('programme')} />
        </FormField>
        <FormField label={t('lights.field.place')} error={at('name')}>
          <input type="text" data-testid={`${testId}-name`} maxLength={100} value={v.name} onChange={(e) => set('name')(e.target.value)} />
        </FormField>
        <FormField label={t('lights.field.installedOn')} error={at('installedOn')}>
          <input type="date" data-testid={`${testId}-installed-on`} value={v.installedOn} max={futureDay ? undefined : chinaToday()} onChange={(e) => set('installedOn')(e.target.value)} />
        </FormField>
        <FormField label={t('lights.field.installedBy')} error={at('installedBy')}>
          <input type="text" data-testid={`${testId}-installed-by`} maxLength={100} value={v.installedBy} onChange={(e) => set('installedBy')(e.target.value)} />
        </FormField>
        <FormField label={t('lights.new.cost')} error={at('cost')}>
          <input type="number" data-testid={`${testId}-cost`} min={0} step={100} value={v.cost} onChange={(e) => set('cost')(e.target.value)} />
        </FormField>
        {problem && !(FIELDS as readonly string[]).includes(problem.field ?? '') && (
          <p className="panel-error" role="alert" data-testid={`${testId}-error`}>
            {problem.message}
          </p>
        )}
        <div className="hazard-actions">
          <button type="submit" className="button button-small" data-testid={`${testId}-save`}>
            {t('lights.action.save')}
          </button>
          {extra}
        </div>
      </fieldset>
    </form>
  );
}
