import { useState, type FormEvent } from 'react';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import { fieldsFor, transitionBody, unitOptions, type ActionField, type ActionValues } from './hazard-actions';
import { writeProblem } from './hazard-errors';
import { unitOptionLabel } from './hazard-labels';
import { useTransition } from './hazard-queries';
import type { HazardAction, HazardDetail } from './hazard-types';
import { WriteProblemNote } from './write-problem-note';

interface ActionFormProps {
  hazard: HazardDetail;
  action: HazardAction;
  onDone(): void;
  onCancel(): void;
}

/** One action's small form: exactly the fields it needs, sent with the version the drawer shows. */
export function ActionForm({ hazard, action, onDone, onCancel }: ActionFormProps) {
  const { t } = useI18n();
  const [values, setValues] = useState<ActionValues>(() => ({ resolution: action === 'invalidate' ? 'invalid' : undefined }));
  const transition = useTransition(hazard.id);
  const problem = transition.error ? writeProblem(transition.error) : null;
  const stillAllowed = hazard.allowedActions.includes(action);
  const set = (field: ActionField) => (e: { target: { value: string } }) => setValues({ ...values, [field]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    transition.mutate(transitionBody(action, values, hazard.version), { onSuccess: onDone });
  };

  const input = (field: ActionField, required: boolean) => {
    const common = { name: field, required, value: values[field] ?? '', onChange: set(field), 'data-testid': `action-${field}` };
    switch (field) {
      case 'unitCode':
        return (
          <select {...common}>
            <option value="">{t('hazard.chooseUnit')}</option>
            {unitOptions(hazard).map((o) => (
              <option key={o.code} value={o.code}>
                {unitOptionLabel(o, hazard, t)}
              </option>
            ))}
          </select>
        );
      case 'deadline':
        return <input {...common} type="date" min={hazard.foundOn} />;
      case 'resolution':
        return (
          <select {...common}>
            <option value="invalid">{t('hazard.resolution.invalid')}</option>
            <option value="duplicate">{t('hazard.resolution.duplicate')}</option>
          </select>
        );
      case 'duplicateOf':
        return <input {...common} type="number" min={1} step={1} inputMode="numeric" />;
      case 'noticeNo':
        return <input {...common} maxLength={60} />;
      default:
        return <textarea {...common} rows={3} maxLength={2000} />;
    }
  };

  return (
    <form className="form action-form" data-testid="action-form" data-action={action} onSubmit={submit}>
      <h3>{t(`hazard.action.${action}`)}</h3>
      {fieldsFor(action, values).map(({ field, required }) => (
        <FormField
          key={field}
          label={`${t(`hazard.field.${field}`)}${required ? '' : t('hazard.optional')}`}
          hint={field === 'unitCode' ? t('hazard.unitHint') : field === 'duplicateOf' ? t('hazard.duplicateOfHint') : undefined}
          error={problem?.field === field ? problem.message : null}
        >
          {input(field, required)}
        </FormField>
      ))}
      {problem && problem.field === null && <WriteProblemNote problem={problem} />}
      {!stillAllowed && <p className="form-error">{t('hazard.actionGone')}</p>}
      <div className="form-actions">
        <button type="button" className="link-button" onClick={onCancel}>
          {t('hazard.cancel')}
        </button>
        <button type="submit" className="button" data-testid="action-submit" disabled={transition.isPending || !stillAllowed}>
          {transition.isPending ? t('hazard.saving') : t('hazard.submit')}
        </button>
      </div>
    </form>
  );
}
