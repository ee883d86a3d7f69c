import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { sendJson, apiUrl } from '@client/api/http';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import { fieldsFor, PHOTO_ACTIONS, PHOTO_REQUIRED, transitionBody, unitOptions, type ActionField, type ActionValues } from './hazard-actions';
import { writeProblem } from './hazard-errors';
import { unitLabel } from './hazard-labels';
import { photoFilesProblem, uploadPhotos } from './hazard-photos';
import { useRefreshLedgerAfterStep, useUnits } from './hazard-queries';
import { MARKET_RESOLUTIONS } from './hazard-types';
import type { Hazard, HazardAction, HazardDetail } from './hazard-types';
import { PhotoPicker } from './photo-views';
import { WriteProblemNote } from './write-problem-note';

interface ActionFormProps {
  hazard: HazardDetail;
  action: HazardAction;
  onDone(): void;
  onCancel(): void;
  /** The step took the hazard out of what the user may read (a liaison's 退回). */
  onGone?(): void;
}

/**
 * Photos first (once: a retry after a refused step does not upload them again), then the step,
 * naming them as its evidence.
 */
function useStepWithPhotos(hazardId: number, leaves: boolean) {
  const refresh = useRefreshLedgerAfterStep();
  const [uploaded, setUploaded] = useState<{ files: File[]; ids: number[] } | null>(null);
  const mutation = useMutation({
    mutationFn: async ({ body, files }: { body: Record<string, unknown>; files: File[] }) => {
      let ids: number[] = [];
      if (files.length) {
        ids = uploaded?.files === files ? uploaded.ids : (await uploadPhotos(hazardId, files)).map((p) => p.id);
        setUploaded({ files, ids });
      }
      return sendJson<Hazard>('POST', apiUrl(`/hazards/${hazardId}/transitions`), ids.length ? { ...body, attachmentIds: ids } : body);
    },
    onSettled: (_hazard, error) => refresh(hazardId, leaves && !error),
  });
  return mutation;
}

/** One action's small form: exactly the fields it needs, sent with the version the drawer shows. */
export function ActionForm({ hazard, action, onDone, onGone, onCancel }: ActionFormProps) {
  const { t, locale } = useI18n();
  const [values, setValues] = useState<ActionValues>(() => ({ resolution: action === 'invalidate' ? 'invalid' : undefined }));
  const [files, setFiles] = useState<File[]>([]);
  // 退回 takes the hazard back to the brigade, out of the liaison's sight: the drawer closes.
  const leaves = action === 'return';
  const step = useStepWithPhotos(hazard.id, leaves);
  const units = useUnits(hazard.county.code);
  const problem = step.error ? writeProblem(step.error, t) : null;
  const stillAllowed = hazard.allowedActions.includes(action);
  const withPhotos = PHOTO_ACTIONS.includes(action) && hazard.mayAddPhotos;
  const set = (field: ActionField) => (e: { target: { value: string } }) => setValues({ ...values, [field]: e.target.value });

  const photoRequired = PHOTO_REQUIRED.includes(action);
  const [photoMissing, setPhotoMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (photoFilesProblem(files, t)) return;
    // Said before anything is sent: what was typed stays in the form.
    if (photoRequired && files.length === 0) return setPhotoMissing(true);
    step.mutate({ body: transitionBody(action, values, hazard.version, hazard), files }, { onSuccess: leaves && onGone ? onGone : onDone });
  };

  const input = (field: ActionField, required: boolean) => {
    const common = { name: field, required, value: values[field] ?? '', onChange: set(field), 'data-testid': `action-${field}` };
    switch (field) {
      case 'unitCode':
        return (
          <select {...common} disabled={!units.data}>
            <option value="">{units.isError ? units.error.message : t(units.data ? 'hazard.chooseUnit' : 'hazard.loadingUnits')}</option>
            {unitOptions(units.data ?? [], hazard).map((u) => (
              <option key={u.code} value={u.code}>
                {unitLabel(u, locale)}
              </option>
            ))}
          </select>
        );
      case 'deadline':
        // More time is later than the deadline now.
        return <input {...common} type="date" min={action === 'extend' && hazard.deadline ? nextDay(hazard.deadline) : hazard.foundOn} />;
      case 'resolution':
        return (
          <select {...common}>
            <option value="invalid">{t('hazard.resolution.invalid')}</option>
            <option value="duplicate">{t('hazard.resolution.duplicate')}</option>
          </select>
        );
      case 'marketResolution':
        return (
          <select {...common}>
            <option value="">{t('hazard.chooseMarketResolution')}</option>
            {MARKET_RESOLUTIONS.map((r) => (
              <option key={r} value={r}>
                {t(`hazard.marketResolution.${r}`)}
              </option>
            ))}
          </select>
        );
      case 'relocatedTo':
        return <input {...common} inputMode="decimal" placeholder="116.12345, 36.12345" />;
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
      {fieldsFor(action, values, hazard).map(({ field, required }) => (
        <FormField
          key={field}
          label={`${t(action === 'extend' && field === 'deadline' ? 'hazard.field.asked' : `hazard.field.${field}`)}${required ? '' : t('hazard.optional')}`}
          hint={field === 'unitCode' ? t('hazard.unitHint') : field === 'duplicateOf' ? t('hazard.duplicateOfHint') : field === 'relocatedTo' ? t('hazard.relocatedToHint') : undefined}
          error={problem?.field === field ? problem.message : null}
        >
          {input(field, required)}
        </FormField>
      ))}
      {withPhotos && (
        <div className="field">
          <span>
            {t(action === 'report' ? 'photos.evidence' : 'photos.title')}
            {!photoRequired && t('hazard.optional')}
          </span>
          <PhotoPicker
            files={files}
            onChange={(f) => {
              setFiles(f);
              setPhotoMissing(false);
            }}
            testId="action-photos"
          />
          {(photoMissing || (problem?.field === 'attachmentIds' && files.length === 0)) && (
            <p className="form-error" role="alert" data-testid="photo-required">
              {t('hazard.photoRequired')}
            </p>
          )}
        </div>
      )}
      {problem && problem.field === null && <WriteProblemNote problem={problem} />}
      {!stillAllowed && <p className="form-error">{t('hazard.actionGone')}</p>}
      <div className="form-actions">
        <button type="button" className="link-button" onClick={onCancel}>
          {t('hazard.cancel')}
        </button>
        <button type="submit" className="button" data-testid="action-submit" disabled={step.isPending || !stillAllowed}>
          {step.isPending ? t('hazard.saving') : t('hazard.submit')}
        </button>
      </div>
    </form>
  );
}

/** The day after an ISO date (YYYY-MM-DD), for a date input's minimum. */
function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
