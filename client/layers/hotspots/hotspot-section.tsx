import { ApiRequestError } from '@client/api/http';
import { PanelSection } from '@client/app/panel-section';
import { useI18n } from '@client/i18n/i18n-provider';
import type { Translate } from '@client/i18n/locale';
import { SEVERITIES } from '../accidents/severity';
import { ruleText } from '../hazards/hazard-errors';
import { downloadGeojson, downloadXlsx, exportFileName } from './hotspot-export';
import { HotspotList } from './hotspot-list';
import { HotspotParamsForm } from './hotspot-params-form';
import type { SharedFilters } from './hotspot-params';
import type { HotspotRow } from './hotspot-rows';
import { HOTSPOT_METHODS, type HotspotResult } from './hotspot-types';
import type { HotspotAnalysis } from './use-hotspot-analysis';

/** Parameters the form shows errors for; the rest (dates, severity) are reported above the list. */
const FORM_PARAMS = ['eps', 'minPoints', 'window', 'step', 'rules', 'cell', 'fdr'];

function paramErrors(error: HotspotAnalysis['error'], t: Translate): { byParam: Record<string, string>; general: string | null } {
  if (!error) return { byParam: {}, general: null };
  if (!(error instanceof ApiRequestError) || error.status !== 400) return { byParam: {}, general: error.message };
  const byParam: Record<string, string> = {};
  const other: string[] = [];
  for (const d of error.details) {
    const reason = ruleText(d.rule, d.reason, t);
    if (d.param && FORM_PARAMS.includes(d.param)) byParam[d.param] ??= reason;
    else other.push(d.param ? `${d.param}: ${reason}` : reason);
  }
  const general = other.length ? other.join('; ') : Object.keys(byParam).length ? null : error.message;
  return { byParam, general };
}

function windowText(filters: SharedFilters | null, t: Translate): string {
  const window = filters?.from && filters.to ? t('hotspot.window.dates', { from: filters.from, to: filters.to }) : t('hotspot.window.default');
  const severities =
    !filters || filters.severities.length === SEVERITIES.length
      ? t('hotspot.window.allSeverities')
      : filters.severities.map((s) => t(`severity.${s}`)).join(t('hotspot.listSeparator'));
  return t('hotspot.window', { window, severities });
}

function summary(result: HotspotResult, rows: readonly HotspotRow[], t: Translate): string {
  if (result.method === 'grid') return t('hotspot.summary.grid', { count: rows.length, cells: result.collection.features.length });
  const total = result.collection.meta?.total;
  if (total !== undefined && total > rows.length) {
    return t(`hotspot.summary.${result.method}Top`, { count: rows.length, total });
  }
  return t(`hotspot.summary.${result.method}`, { count: rows.length });
}

interface HotspotSectionProps {
  analysis: HotspotAnalysis;
  rows: readonly HotspotRow[];
  selectedKey: string | null;
  onSelect(row: HotspotRow): void;
  /** Open: the result is on the map; closed, it is off it (the feature owns this). */
  open: boolean;
  onToggle(): void;
}

/** 事故多发点段: method, parameters, the ranked result and its exports. */
export function HotspotSection({ analysis, rows, selectedKey, onSelect, open, onToggle }: HotspotSectionProps) {
  const { t, locale } = useI18n();
  const { method, result, filters } = analysis;
  const errors = paramErrors(analysis.unavailable ? null : analysis.error, t);
  const segmentRules = result?.method === 'segments' ? (result.collection.meta?.rules ?? []) : [];
  const fileName = (ext: string) => (result ? exportFileName(result, t, ext) : '');

  return (
    <PanelSection id="hotspot" title={t('hotspot.heading')} open={open} onToggle={onToggle}>
      <div className="presets" role="group" aria-label={t('hotspot.method')}>
        {HOTSPOT_METHODS.map((m) => (
          <button
            key={m}
            type="button"
            className="chip"
            data-testid={`hotspot-method-${m}`}
            aria-pressed={m === method}
            onClick={() => analysis.setMethod(m)}
          >
            {t(`hotspot.method.${m}`)}
          </button>
        ))}
      </div>
      <p className="hotspot-window" data-testid="hotspot-window">
        {windowText(filters, t)}
      </p>
      <HotspotParamsForm method={method} params={analysis.params} onChange={analysis.setParams} errors={errors.byParam} rules={segmentRules} />

      <div className="hotspot-status" role="status" data-testid="hotspot-status" data-busy={analysis.busy}>
        {analysis.busy ? (
          <>
            <span className="spinner" aria-hidden="true" />
            {t('hotspot.computing')}
          </>
        ) : analysis.unavailable ? (
          <span className="panel-muted" data-testid="hotspot-unavailable">
            {t('hotspot.unavailable')}
          </span>
        ) : filters && filters.severities.length === 0 ? (
          <span className="panel-muted">{t('hotspot.noSeverity')}</span>
        ) : result ? (
          summary(result, rows, t)
        ) : null}
      </div>
      {errors.general && (
        <p className="panel-error" role="alert" data-testid="hotspot-error">
          {t('hotspot.error', { message: errors.general })}
        </p>
      )}

      {result && (
        <>
          {rows.length === 0 && !analysis.busy && <p className="panel-muted">{t(`hotspot.empty.${result.method}`)}</p>}
          <HotspotList rows={rows} selectedKey={selectedKey} dimmed={analysis.stale} onSelect={onSelect} />
          <div className="hotspot-export">
            <button type="button" className="chip" data-testid="export-geojson" onClick={() => downloadGeojson(result, fileName('geojson'))}>
              {t('hotspot.export.geojson')}
            </button>
            <button type="button" className="chip" data-testid="export-xlsx" onClick={() => downloadXlsx(result, rows, t, locale, fileName('xlsx'))}>
              {t('hotspot.export.xlsx')}
            </button>
          </div>
        </>
      )}
    </PanelSection>
  );
}
