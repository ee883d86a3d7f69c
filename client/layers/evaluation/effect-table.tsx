import type { Effect } from '@shared/stats/before-after';
import { XLSX_TYPE, xlsxBytes, type CellValue } from '@shared/excel/xlsx-writer';
import { downloadFile } from '@client/export/download';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Translate } from '@client/i18n/locale';
import type { Evaluation } from './evaluation-types';

const pct = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(0)}%`;
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** What a result says, in words: too few crashes to tell, a significant fall or rise, or no clear change. */
export function verdict(e: Effect, t: Translate): string {
  if (e.oddsRatio === null || e.tooFew) return t('eval.verdict.tooFew');
  if (e.significant) return t(e.change! < 0 ? 'eval.verdict.fell' : 'eval.verdict.rose');
  return t('eval.verdict.unclear');
}

/**
 * −38%（−60% 至 −5%）; the change alone when there are too few crashes (the normal interval of a
 * handful, 1 → 0 giving "−100% to −100%", would look certain); — when it cannot be computed.
 */
export function changeText(e: Effect, t: Translate): string {
  // No crash before or after: nothing to say a change of.
  if (e.change === null || e.ci === null || e.before + e.after === 0) return '—';
  if (e.tooFew) return pct(e.change);
  return t('eval.change', { change: pct(e.change), lo: pct(e.ci[0]), hi: pct(e.ci[1]) });
}

/**
 * The methods side by side: crashes before and after, what each expects after without the
 * treatment, the change with its 95 % interval and what it says; the windows and sites above.
 */
export function EffectTable({ evaluation: e, title, fileName }: { evaluation: Evaluation; title?: string; fileName: string }) {
  const { t } = useI18n();
  const target = t(e.target === 'night' ? 'eval.target.night' : 'eval.target.all');
  return (
    <div className="effect" data-testid="effect-table" data-sites={e.sites.length}>
      {title && <h4 className="section-subheading">{title}</h4>}
      <p className="panel-muted" data-testid="effect-window">
        {t('eval.window', { years: e.years, radius: e.radius, target, sites: e.sites.length })}
        {e.counted < e.sites.length && <> {t('eval.window.excluded', { counted: e.counted, years: e.years })}</>}
      </p>
      <table className="effect-table">
        <thead>
          <tr>
            <th>{t('eval.col.method')}</th>
            <th>{t('eval.col.before')}</th>
            <th>{t('eval.col.after')}</th>
            <th>{t('eval.col.expected')}</th>
            <th>{t('eval.col.change')}</th>
          </tr>
        </thead>
        <tbody>
          {e.methods.map((m) => (
            <tr key={m.method} data-method={m.method} data-change={m.change ?? ''} data-too-few={m.tooFew}>
              <th scope="row">{t(`eval.method.${m.method}`)}</th>
              <td>{m.before}</td>
              <td>{m.after}</td>
              <td>{num(m.expectedAfter)}</td>
              <td>
                {changeText(m, t)}
                <span className={`effect-verdict${m.significant && !m.tooFew ? (m.change! < 0 ? ' effect-fell' : ' effect-rose') : ''}`}>{verdict(m, t)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="panel-muted effect-note">
        {t('eval.note.expected')} {t(e.target === 'night' ? 'eval.note.night' : 'eval.note.all')}
      </p>
      <div className="hotspot-export">
        <button type="button" className="chip" data-testid="effect-export" onClick={() => downloadEffectXlsx(e, fileName, t)}>
          {t('eval.export')}
        </button>
      </div>
    </div>
  );
}

/** The methods, then each site with its windows and counts, as one sheet. */
export function downloadEffectXlsx(e: Evaluation, fileName: string, t: Translate): void {
  const rows: CellValue[][] = e.methods.map((m) => [t(`eval.method.${m.method}`), m.before, m.after, m.expectedAfter, m.change, m.tooFew ? null : m.ci?.[0], m.tooFew ? null : m.ci?.[1], verdict(m, t)]);
  rows.push([]);
  for (const s of e.sites) {
    rows.push([
      `${s.label ?? s.key} · ${s.date}`, s.before, s.after, s.expected?.after ?? null, null, null, null,
      t('eval.siteWindows', { bf: s.windows.before.from, bt: s.windows.before.to, af: s.windows.after.from, at: s.windows.after.to, fits: s.fits ? '' : t('eval.notCounted') }),
    ]);
  }
  const bytes = xlsxBytes({
    name: t('eval.sheet'),
    columns: ['eval.col.method', 'eval.col.before', 'eval.col.after', 'eval.col.expected', 'eval.col.changePct', 'eval.col.lo', 'eval.col.hi', 'eval.col.verdict'].map((k) => ({ header: t(k as never), width: k === 'eval.col.method' || k === 'eval.col.verdict' ? 24 : 10 })),
    rows,
  });
  downloadFile(bytes, XLSX_TYPE, `${fileName}.xlsx`);
}
