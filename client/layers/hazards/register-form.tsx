import { useState, type FormEvent } from 'react';
import { CardHeader } from '@client/app/card-header';
import { ChoiceSelect } from '@client/app/choice-select';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import { writeProblem } from './hazard-errors';
import { useRegisterHazard, type NewHazard } from './hazard-queries';
import { HAZARD_TYPES, RISK_LEVELS, type Hazard } from './hazard-types';
import { DuplicateWarning } from './duplicate-warning';
import { WriteProblemNote } from './write-problem-note';
import { photoFilesProblem } from './hazard-photos';
import { PhotoPicker } from './photo-views';
import { newRef } from './outbox-store';

interface RegisterFormProps {
  lonLat: [number, number];
  /** Kept in the outbox (no signal): the form closes, saying so. */
  onQueued(): void;
  /** Fields filled in beforehand (e.g. from a sight-line analysis); the user may still change them. */
  initial?: RegisterInitial;
  onClose(): void;
  /** The hazard just saved, or an existing one the user chose instead. */
  onOpen(hazard: Hazard): void;
}

type Draft = Omit<NewHazard, 'lon' | 'lat' | 'confirmNotDuplicate' | 'files'>;
export type RegisterInitial = Partial<Draft>;

const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** 登记隐患: type, description, risk, road and the day it was found, at the point picked on the map (WGS84). */
export function RegisterForm({ lonLat, initial, onClose, onOpen, onQueued }: RegisterFormProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => ({ type: 'sight_line', description: '', risk: 'general', roadName: '', foundOn: today(), ...initial }));
  const [files, setFiles] = useState<File[]>([]);
  // The form's own id: sent again (a retry, or from the outbox), the API finds the first save.
  const [clientRef] = useState(newRef);
  const register = useRegisterHazard();
  // The hazard is saved first; its photos follow. If they fail, the hazard stays saved and says so.
  const [photosFailed, setPhotosFailed] = useState<{ hazard: Hazard; message: string } | null>(null);
  const problem = register.error ? writeProblem(register.error, t) : null;
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const save = (confirmNotDuplicate: boolean) =>
    register.mutate(
      {
        ...draft,
        roadName: draft.roadName?.trim() || undefined,
        // Only a 马路市场 hazard names a market (the officer may have changed the type).
        marketId: draft.type === 'roadside_market' ? draft.marketId : undefined,
        lon: lonLat[0],
        lat: lonLat[1],
        confirmNotDuplicate,
        files,
        clientRef,
      },
      {
        onSuccess: (r) => {
          if (r.queued) onQueued();
          else if (r.photoError) setPhotosFailed({ hazard: r.hazard, message: writeProblem(r.photoError, t).message });
          else onOpen(r.hazard);
        },
      },
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!photoFilesProblem(files, t)) save(false);
  };
  const errorOf = (field: string) => (problem?.field === field ? problem.message : null);

  return (
    <aside className="details register-form" data-testid="register-form" aria-label={t('register.title')}>
      <CardHeader title={t('register.title')} onClose={onClose} />
      <form className="form" onSubmit={submit}>
        <p className="detail-note detail-coords" data-testid="register-point">
          {t('register.point', { lon: lonLat[0].toFixed(5), lat: lonLat[1].toFixed(5) })}
        </p>
        {problem?.field === 'lon' || problem?.field === 'lat' ? <p className="form-error">{problem.message}</p> : null}
        <FormField label={t('hazard.field.type')} error={errorOf('type')}>
          <ChoiceSelect name="type" testId="register-type" values={HAZARD_TYPES} value={draft.type} label={(type) => t(`hazard.type.${type}`)} onChange={(type) => setDraft({ ...draft, type })} />
        </FormField>
        <FormField label={t('hazard.field.description')} error={errorOf('description')}>
          <textarea name="description" data-testid="register-description" required rows={3} maxLength={2000} value={draft.description} onChange={set('description')} />
        </FormField>
        <FormField label={t('hazard.field.risk')} error={errorOf('risk')}>
          <ChoiceSelect name="risk" testId="register-risk" values={RISK_LEVELS} value={draft.risk} label={(risk) => t(`hazard.risk.${risk}`)} onChange={(risk) => setDraft({ ...draft, risk })} />
        </FormField>
        <FormField label={`${t('hazard.field.roadName')}${t('hazard.optional')}`} error={errorOf('roadName')}>
          <input name="roadName" data-testid="register-road" maxLength={100} value={draft.roadName} onChange={set('roadName')} />
        </FormField>
        <FormField label={t('hazard.field.foundOn')} error={errorOf('foundOn')}>
          <input name="foundOn" type="date" data-testid="register-found-on" max={today()} value={draft.foundOn} onChange={set('foundOn')} />
        </FormField>
        <div className="field">
          <span>
            {t('photos.title')}
            {t('hazard.optional')}
          </span>
          <PhotoPicker files={files} onChange={setFiles} testId="register-photos" />
        </div>
        {photosFailed && (
          <div className="form-error" role="alert" data-testid="register-photos-failed">
            <p>{t('photos.savedWithout', { number: photosFailed.hazard.number, message: photosFailed.message })}</p>
            <button type="button" className="button button-small" onClick={() => onOpen(photosFailed.hazard)}>
              {t('photos.openHazard')}
            </button>
          </div>
        )}
        {problem?.duplicates ? (
          <DuplicateWarning duplicates={problem.duplicates} saving={register.isPending} onSaveAnyway={() => save(true)} onOpen={onOpen} />
        ) : (
          problem && problem.field === null && <WriteProblemNote problem={problem} />
        )}
        <div className="form-actions">
          <button type="button" className="link-button" onClick={onClose}>
            {t('hazard.cancel')}
          </button>
          <button type="submit" className="button" data-testid="register-submit" disabled={register.isPending || !!photosFailed}>
            {register.isPending ? t('hazard.saving') : t('register.save')}
          </button>
        </div>
      </form>
    </aside>
  );
}
