import { useState } from 'react';
import { chinaToday } from '@shared/calendar/day-number';
import { LIGHT_NEXT, type LightStatus } from '@shared/lights/light-terms';
import type { SessionUser } from '@client/api/api-client';
import { CardHeader } from '@client/app/card-header';
import { FormField } from '@client/app/form-field';
import { useEscape } from '@client/app/use-escape';
import { useVersionedWrite } from '@client/app/use-versioned-write';
import { mayActAt } from '@client/auth/may-act';
import { useI18n } from '@client/i18n/i18n-provider';
import { formatDateTime } from '../hazards/hazard-labels';
import { EffectTable } from '../evaluation/effect-table';
import { useEvaluation } from '../evaluation/evaluation-queries';
import { LightFields, type LightFieldValues } from './light-fields';
import { placeText } from './light-labels';
import type { LightDetail } from './light-types';
import type { UseQueryResult } from '@tanstack/react-query';

interface LightDetailsProps {
  id: number;
  detail: UseQueryResult<LightDetail>;
  user: SessionUser | null;
  onClose(): void;
}

/** One light: what, where, since when, who put it up and what it cost, its history; for who may write here, its status. */
export function LightDetails({ id, detail, user, onClose }: LightDetailsProps) {
  const { t, locale } = useI18n();
  useEscape(onClose);
  const d = detail.data?.id === id ? detail.data : null;
  const [editing, setEditing] = useState(false);
  const mayWriteHere = d !== null && mayActAt(user, { county: d.county.code, township: d.township?.code });
  return (
    <aside className="details market-details" data-testid="light-details" data-id={id} aria-label={t('lights.details')}>
      <CardHeader title={d ? t('lights.title', { type: t(`lights.type.${d.type}`), place: d.name ?? placeText(d, locale) }) : t('lights.details')} onClose={onClose} />
      {detail.isError && <p className="panel-error" role="alert">{t('lights.error', { message: detail.error.message })}</p>}
      {d && (
        <>
          <dl className="details-list">
            <div>
              <dt>{t('lights.field.place')}</dt>
              <dd>{placeText(d, locale)}</dd>
            </div>
            {d.road && (
              <div>
                <dt>{t('lights.field.road')}</dt>
                <dd>{d.road.name ?? '—'}{!d.road.lit && t('lights.roadUnlit')}</dd>
              </div>
            )}
            <div>
              <dt>{t('lights.field.programme')}</dt>
              <dd>{t(`lights.programme.${d.programme}`)}</dd>
            </div>
            <div>
              <dt>{t('lights.field.status')}</dt>
              <dd data-testid="light-status" data-status={d.status}>
                {d.statusOn ? t('lights.field.statusSince', { status: t(`lights.status.${d.status}`), date: d.statusOn }) : t(`lights.status.${d.status}`)}
              </dd>
            </div>
            <div>
              <dt>{t('lights.field.installedOn')}</dt>
              <dd>{d.installedOn ?? '—'}</dd>
            </div>
            {d.installedBy && (
              <div>
                <dt>{t('lights.field.installedBy')}</dt>
                <dd>{d.installedBy}</dd>
              </div>
            )}
            {d.cost !== null && (
              <div>
                <dt>{t('lights.field.cost')}</dt>
                <dd>{t('lights.field.costValue', { yuan: d.cost.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en') })}</dd>
              </div>
            )}
            {d.hazard && (
              <div>
                <dt>{t('lights.field.hazard')}</dt>
                <dd>{d.hazard.number}</dd>
              </div>
            )}
            <div>
              <dt>{t('lights.field.source')}</dt>
              <dd>{d.source}</dd>
            </div>
          </dl>
          {mayWriteHere && (editing ? (
            <LightEditForm key={`${d.id}-${d.version}`} light={d} onDone={() => setEditing(false)} />
          ) : (
            <div className="hazard-actions">
              <button type="button" className="chip" data-testid="light-edit" onClick={() => setEditing(true)}>
                {t('lights.edit.open')}
              </button>
            </div>
          ))}
          {mayWriteHere && !editing && LIGHT_NEXT[d.status].some((s) => s !== d.status) && <LightStatusForm key={`${d.id}-${d.version}`} light={d} />}
          {d.installedOn && d.status !== 'planned' && <LightEffect id={d.id} />}
          <h3 className="section-subheading">{t('lights.field.history')}</h3>
          <ol className="light-history" data-testid="light-history">
            {d.events.map((e) => (
              <li key={e.id}>
                <span className="panel-muted">{formatDateTime(e.at)}</span>{' '}
                {t(`lights.event.${e.action}`, { who: e.actor ?? t('lights.system'), status: e.action === 'status' ? t(`lights.status.${e.data.status as LightStatus}`) : '' })}
                {e.note && <> · {e.note}</>}
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}

/** The light's facts as they are now; what the user changed is sent (PATCH) with the version read. */
function LightEditForm({ light, onDone }: { light: LightDetail; onDone(): void }) {
  const { t } = useI18n();
  const initial: LightFieldValues = {
    type: light.type, programme: light.programme, name: light.name ?? '', installedOn: light.installedOn ?? '',
    installedBy: light.installedBy ?? '', cost: light.cost === null ? '' : String(light.cost),
  };
  const { save, problem } = useVersionedWrite({
    method: 'PATCH', path: `/lights/${light.id}`, version: light.version,
    refresh: [['light', light.id], ['lights']], staleMessage: t('lights.stale'), onDone,
  });
  return (
    <LightFields
      testId="light-edit"
      initial={initial}
      pending={save.isPending}
      problem={problem}
      futureDay={light.status === 'planned'}
      onSubmit={(v) => {
        const changes = lightChanges(initial, v);
        if (Object.keys(changes).length === 0) onDone();
        else save.mutate(changes);
      }}
      extra={
        <button type="button" className="link-button" onClick={onDone}>
          {t('lights.edit.cancel')}
        </button>
      }
    />
  );
}

/** What differs from what was read: emptied text is null (cleared), an emptied day is left as it was. */
export function lightChanges(was: LightFieldValues, now: LightFieldValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (now.type !== was.type) out.type = now.type;
  if (now.programme !== was.programme) out.programme = now.programme;
  if (now.name.trim() !== was.name) out.name = now.name.trim() || null;
  if (now.installedOn && now.installedOn !== was.installedOn) out.installedOn = now.installedOn;
  if (now.installedBy.trim() !== was.installedBy) out.installedBy = now.installedBy.trim() || null;
  if (now.cost.trim() !== was.cost) out.cost = now.cost.trim() === '' ? null : Number(now.cost);
  return out;
}

/** 已安装 / 报故障 / 拆除, from a day, with the version read: a stale one is said and the card reloads. */
function LightStatusForm({ light }: { light: LightDetail }) {
  const { t } = useI18n();
  const next = LIGHT_NEXT[light.status].filter((s) => s !== light.status);
  const [status, setStatus] = useState<LightStatus>(next[0]);
  const [on, setOn] = useState(chinaToday);
  const [note, setNote] = useState('');
  const { save, problem } = useVersionedWrite({
    method: 'POST', path: `/lights/${light.id}/status`, version: light.version,
    body: () => ({ status, statusOn: on, note: note.trim() || undefined }),
    refresh: [['light', light.id], ['lights']], staleMessage: t('lights.stale'),
  });
  return (
    <form
      className="school-post-form"
      data-testid="light-status-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <fieldset disabled={save.isPending}>
        <FormField label={t('lights.field.status')} error={problem?.field === 'status' ? problem.message : null}>
          <select data-testid="light-status-select" value={status} onChange={(e) => setStatus(e.target.value as LightStatus)}>
            {next.map((s) => (
              <option key={s} value={s}>
                {t(`lights.action.${s as 'working' | 'faulty' | 'removed'}`)}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label={t('lights.action.on')} error={problem?.field === 'statusOn' ? problem.message : null}>
          <input type="date" data-testid="light-status-on" value={on} max={chinaToday()} onChange={(e) => setOn(e.target.value)} />
        </FormField>
        <FormField label={t('lights.action.note')}>
          <input type="text" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </FormField>
        {problem && problem.field !== 'status' && problem.field !== 'statusOn' && (
          <p className="panel-error" role="alert">{problem.message}</p>
        )}
        <button type="submit" className="button button-small" data-testid="light-status-save">
          {t('lights.action.save')}
        </button>
      </fieldset>
    </form>
  );
}

/** This light's own before/after: night crashes within its radius, by each method. */
function LightEffect({ id }: { id: number }) {
  const { t } = useI18n();
  const q = useEvaluation({ kind: 'light', id });
  return (
    <section className="detail-block" data-testid="light-effect">
      <h3>{t('eval.light.heading')}</h3>
      {q.isPending && <p className="panel-muted">{t('eval.loading')}</p>}
      {q.isError && <p className="panel-muted">{q.error.message}</p>}
      {q.data && <EffectTable evaluation={q.data} fileName={t('eval.programme.file', { name: String(id) })} />}
    </section>
  );
}
