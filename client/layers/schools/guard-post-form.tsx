import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiRequestError, apiFetch, apiUrl, sendJson, toError } from '@client/api/http';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import { SCHOOL_HOUR_LABELS, type SchoolHourLabel } from '@shared/schools/school-terms';
import { writeProblem } from '../hazards/hazard-errors';
import { weekdayName } from '../markets/market-schedule';
import type { Gate, GuardPost } from './school-types';

type Staff = GuardPost['staffing'];
const STAFF: readonly (keyof Staff)[] = ['police', 'auxiliary', 'teachers', 'parents'];
const USUAL: Record<SchoolHourLabel, { from: string; to: string }> = {
  arrival: { from: '07:00', to: '08:00' },
  midday: { from: '11:30', to: '12:30' },
  dismissal: { from: '16:30', to: '18:00' },
};

interface GuardPostFormProps {
  schoolId: number;
  gates: readonly Gate[];
  /** The post to change; none for a new one. */
  post?: GuardPost;
  onDone(): void;
}

/**
 * 护学岗: at which gate, which periods of the school day (上学, 午间, 放学) with their hours, which
 * weekdays, and who stands there. A change carries the version read; a stale one is refused (409).
 */
export function GuardPostForm({ schoolId, gates, post, onDone }: GuardPostFormProps) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const [gateId, setGateId] = useState(post?.gateId ?? gates[0]?.id);
  const [periods, setPeriods] = useState<Partial<Record<SchoolHourLabel, { from: string; to: string }>>>(() =>
    post ? Object.fromEntries(post.hours.map((h) => [h.label, { from: h.from.slice(0, 5), to: h.to.slice(0, 5) }])) : { arrival: USUAL.arrival, dismissal: USUAL.dismissal },
  );
  const [days, setDays] = useState<number[]>(post?.days ?? [1, 2, 3, 4, 5]);
  const [staffing, setStaffing] = useState<Staff>(post?.staffing ?? { police: 1, auxiliary: 1, teachers: 2, parents: 0 });
  const [note, setNote] = useState(post?.note ?? '');
  const body = () => ({
    gateId,
    hours: SCHOOL_HOUR_LABELS.flatMap((label) => (periods[label] ? [{ label, ...periods[label] }] : [])),
    days,
    staffing,
    note: note.trim() || null,
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['school', schoolId] });
    void client.invalidateQueries({ queryKey: ['schools'] });
  };
  const done = () => {
    refresh();
    onDone();
  };
  const save = useMutation({
    mutationFn: () =>
      post
        ? sendJson('PATCH', apiUrl(`/schools/guard-posts/${post.id}`), { ...body(), version: post.version })
        : sendJson('POST', apiUrl(`/schools/${schoolId}/guard-posts`), body()),
    onSuccess: done,
    // A refused change reloads the card, so what is shown is what is stored now.
    onError: refresh,
  });
  const remove = useMutation({
    mutationFn: async () => {
      const response = await apiFetch(apiUrl(`/schools/guard-posts/${post!.id}?version=${post!.version}`), { method: 'DELETE' });
      if (!response.ok) throw await toError(response);
    },
    onSuccess: done,
    onError: refresh,
  });
  const error = save.error ?? remove.error;
  // A stale version: someone changed or removed the post since this card was read.
  const stale = error instanceof ApiRequestError && (error.status === 409 || error.status === 404);
  const problem = error ? (stale ? { field: null, message: t('school.post.stale') } : writeProblem(error, t)) : null;
  const fieldError = (name: string) => (problem?.field?.startsWith(name) ? problem.message : null);
  const busy = save.isPending || remove.isPending;

  return (
    <form
      className="school-post-form"
      data-testid="guard-post-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <fieldset disabled={busy}>
        <FormField label={t('school.post.gate')} error={fieldError('gateId')}>
          <select data-testid="guard-post-gate" value={gateId} onChange={(e) => setGateId(Number(e.target.value))}>
            {gates.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </FormField>
        {SCHOOL_HOUR_LABELS.map((label) => {
          const p = periods[label];
          return (
            <div key={label} className="school-post-period" data-testid={`guard-post-period-${label}`}>
              <label className="check">
                <input type="checkbox" checked={!!p} onChange={(e) => setPeriods({ ...periods, [label]: e.target.checked ? USUAL[label] : undefined })} />
                <span>{t(`school.hours.${label}`)}</span>
              </label>
              {p && (
                <span className="school-post-times">
                  <input type="time" aria-label={t('school.post.from')} value={p.from} onChange={(e) => setPeriods({ ...periods, [label]: { ...p, from: e.target.value } })} />
                  –
                  <input type="time" aria-label={t('school.post.to')} value={p.to} onChange={(e) => setPeriods({ ...periods, [label]: { ...p, to: e.target.value } })} />
                </span>
              )}
            </div>
          );
        })}
        {fieldError('hours') && <small className="param-error" role="alert">{fieldError('hours')}</small>}
        <div className="chips" role="group" aria-label={t('school.post.days')}>
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <button
              key={d}
              type="button"
              className="chip"
              aria-pressed={days.includes(d)}
              onClick={() => setDays(days.includes(d) ? days.filter((x) => x !== d) : [...days, d].sort())}
            >
              {weekdayName(d, locale)}
            </button>
          ))}
        </div>
        <div className="school-post-staff">
          {STAFF.map((k) => (
            <FormField key={k} label={t(`school.post.staff.${k}`)}>
              <input
                type="number"
                min={0}
                max={100}
                inputMode="numeric"
                data-testid={`guard-post-${k}`}
                value={staffing[k]}
                onChange={(e) => setStaffing({ ...staffing, [k]: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
              />
            </FormField>
          ))}
        </div>
        {fieldError('staffing') && <small className="param-error" role="alert">{fieldError('staffing')}</small>}
        <FormField label={t('school.auditForm.note')}>
          <input type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </FormField>
        {problem && !['gateId', 'hours', 'staffing'].some((f) => problem.field?.startsWith(f)) && (
          <p className="panel-error" role="alert" data-testid="guard-post-error">
            {problem.message}
          </p>
        )}
        <div className="hazard-actions">
          <button type="submit" className="button button-small" data-testid="guard-post-save">
            {t('school.post.save')}
          </button>
          {post && (
            <button
              type="button"
              className="button button-small button-quiet"
              data-testid="guard-post-delete"
              onClick={() => window.confirm(t('school.post.confirmDelete')) && remove.mutate()}
            >
              {t('school.post.delete')}
            </button>
          )}
          <button type="button" className="link-button" onClick={onDone}>
            {t('school.auditForm.cancel')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
