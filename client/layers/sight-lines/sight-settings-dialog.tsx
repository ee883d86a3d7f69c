import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '@client/api/http';
import { Dialog } from '@client/app/dialog';
import { FormField } from '@client/app/form-field';
import { useI18n } from '@client/i18n/i18n-provider';
import { translateOr, type Translate } from '@client/i18n/locale';
import { formatDateTime } from '../hazards/hazard-labels';
import { changeFromPrevious, checkGap, checkSpeed, useAnalyse, useSightSettings, type SightMethod, type SightRun, type SightSettings } from './sight-settings';

const METHODS: readonly SightMethod[] = ['ssd', 'isd'];

/** 停车视距 / 交叉口视距 7.5 s: a run's method in a table cell. */
export function methodShort(run: { method: SightMethod; gapSeconds: number }, t: Translate): string {
  return run.method === 'isd' ? t('sight.settings.methodShort.isd', { gap: run.gapSeconds }) : t('sight.settings.methodShort.ssd');
}

/** A refused run in the user's language: a class's speed or the gap out of range, the role, else the API's words. */
export function analyseRefusal(error: Error, t: Translate): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 403) return t('sight.settings.adminOnly');
    const d = error.details[0];
    const cls = d?.path?.startsWith('designSpeeds.') ? d.path.slice('designSpeeds.'.length) : null;
    if (cls) return t('sight.settings.speedRange', { class: roadClassName(cls, t) });
    if (d?.param === 'gapSeconds') return t('sight.settings.gapRange');
  }
  return t('sight.settings.error', { message: error.message });
}

const roadClassName = (cls: string, t: Translate) => translateOr(t, `roadClass.${cls}`, cls);

interface SightSettingsDialogProps {
  /** Admins may change the method and re-run; everyone else reads. */
  mayRun: boolean;
  onClose(): void;
}

/** 视距分析方法: how the analysis measures, the class defaults, re-running it (admins) and every run so far, side by side. */
export function SightSettingsDialog({ mayRun, onClose }: SightSettingsDialogProps) {
  const { t } = useI18n();
  const settings = useSightSettings(true);
  // Kept here, not in the form: the form starts again from the saved settings after each run.
  const analyse = useAnalyse();
  return (
    <Dialog title={t('sight.settings.title')} onClose={onClose} testId="sight-settings-dialog">
      {settings.isPending && <p className="panel-muted">{t('app.loading')}</p>}
      {settings.isError && (
        <p className="form-error" role="alert">
          {t('sight.settings.error', { message: settings.error.message })}
        </p>
      )}
      {settings.data && <SettingsForm key={settings.data.runs[0]?.id ?? 0} data={settings.data} mayRun={mayRun} analyse={analyse} />}
      {settings.data && <RunTable runs={settings.data.runs} />}
    </Dialog>
  );
}

interface SettingsFormProps {
  data: SightSettings;
  mayRun: boolean;
  analyse: ReturnType<typeof useAnalyse>;
}

function SettingsForm({ data, mayRun, analyse }: SettingsFormProps) {
  const { t } = useI18n();
  const [method, setMethod] = useState<SightMethod>(data.settings.method);
  const [gapText, setGapText] = useState(String(data.settings.gapSeconds));
  const [speedText, setSpeedText] = useState<Record<string, string>>(() => Object.fromEntries(data.designSpeeds.map((d) => [d.class, String(d.speed)])));
  const [tried, setTried] = useState(false);

  const gap = checkGap(gapText);
  const speeds = Object.entries(speedText).map(([cls, text]) => [cls, checkSpeed(text)] as const);
  const badSpeed = speeds.find(([, v]) => v === 'range');
  const valid = (method === 'ssd' || gap !== 'range') && !badSpeed;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!valid || !mayRun) return;
    analyse.mutate({
      method,
      ...(gap !== 'range' && { gapSeconds: gap }),
      designSpeeds: Object.fromEntries(speeds.flatMap(([cls, v]) => (v === 'range' ? [] : [[cls, v]]))),
    });
  };
  const result = analyse.data;

  return (
    <form className="form sight-settings-form" onSubmit={submit} data-testid="sight-settings-form">
      <fieldset className="sight-methods" disabled={!mayRun || analyse.isPending}>
        <legend>{t('sight.settings.method')}</legend>
        {METHODS.map((m) => (
          <label key={m} className="sight-method">
            <input type="radio" name="method" value={m} data-testid={`sight-method-${m}`} checked={method === m} onChange={() => setMethod(m)} />
            <span>
              <strong>{t(`sight.method.${m}`)}</strong>
              <small>{t(`sight.settings.help.${m}`)}</small>
            </span>
          </label>
        ))}
        {method === 'isd' && (
          <FormField label={t('sight.settings.gap')} error={tried && gap === 'range' ? t('sight.settings.gapRange') : null}>
            <input data-testid="sight-gap" inputMode="decimal" value={gapText} onChange={(e) => setGapText(e.target.value)} />
          </FormField>
        )}
      </fieldset>
      <fieldset className="sight-speeds" disabled={!mayRun || analyse.isPending}>
        <legend>{t('sight.settings.speeds')}</legend>
        {data.designSpeeds.map((d) => (
          <label key={d.class} className="sight-speed" data-invalid={tried && checkSpeed(speedText[d.class] ?? '') === 'range'}>
            <span>{roadClassName(d.class, t)}</span>
            <input data-testid={`sight-speed-${d.class}`} inputMode="numeric" value={speedText[d.class] ?? ''} onChange={(e) => setSpeedText({ ...speedText, [d.class]: e.target.value })} />
            <small>{t('sight.settings.speedRoads', { count: d.roads })}</small>
          </label>
        ))}
      </fieldset>
      {tried && badSpeed && (
        <p className="form-error" role="alert" data-testid="sight-settings-invalid">
          {t('sight.settings.speedRange', { class: roadClassName(badSpeed[0], t) })}
        </p>
      )}
      <p className="panel-muted">{t('sight.settings.eye', { height: data.settings.eyeHeight })}</p>
      {analyse.isError && (
        <p className="form-error" role="alert" data-testid="sight-settings-error">
          {analyseRefusal(analyse.error, t)}
        </p>
      )}
      {result && !analyse.isPending && (
        <p className="import-result" role="status" data-testid="sight-settings-done">
          {t('sight.settings.done', {
            intersections: result.intersections,
            deficient: result.deficient,
            seconds: (result.ms / 1000).toFixed(1),
          })}
        </p>
      )}
      <div className="form-actions">
        {mayRun ? (
          <button type="submit" className="button" data-testid="sight-analyse" disabled={analyse.isPending}>
            {analyse.isPending ? t('sight.settings.running') : t('sight.settings.run')}
          </button>
        ) : (
          <p className="panel-muted">{t('sight.settings.adminOnly')}</p>
        )}
      </div>
    </form>
  );
}

/** Every recorded whole-city run, newest first; the deficient count with its change from the run before. */
function RunTable({ runs }: { runs: readonly SightRun[] }) {
  const { t } = useI18n();
  if (!runs.length) return <p className="panel-muted">{t('sight.settings.noRuns')}</p>;
  return (
    <section className="sight-runs">
      <h4>{t('sight.settings.runs')}</h4>
      <div className="import-scroll">
        <table className="import-table" data-testid="sight-runs">
          <thead>
            <tr>
              <th>{t('sight.settings.col.time')}</th>
              <th>{t('sight.settings.col.method')}</th>
              <th>{t('sight.settings.col.deficient')}</th>
              <th>{t('sight.settings.col.bySeverity')}</th>
              <th>{t('sight.settings.col.by')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r, i) => {
              const change = changeFromPrevious(runs, i);
              return (
                <tr key={r.id} data-testid="sight-run" data-method={r.method} data-deficient={r.deficient} aria-current={i === 0 ? 'true' : undefined}>
                  <td>{formatDateTime(r.runAt)}</td>
                  <td>{methodShort(r, t)}</td>
                  <td>
                    {t('sight.settings.ofIntersections', { deficient: r.deficient, intersections: r.intersections })}
                    {change !== null && change !== 0 && (
                      <span className="sight-run-change">{` ${t(change > 0 ? 'sight.settings.more' : 'sight.settings.fewer', { count: Math.abs(change) })}`}</span>
                    )}
                  </td>
                  <td>{t('sight.settings.severities', { severe: r.severe, moderate: r.moderate, minor: r.minor })}</td>
                  <td>{r.runBy ?? t('sight.settings.firstStart')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
