import { useMemo, useState } from 'react';
import { FormField } from '@client/app/form-field';
import { PanelSection } from '@client/app/panel-section';
import { useI18n } from '@client/i18n/i18n-provider';
import { cssColor } from '../accidents/severity';
import { toggled } from '../hazards/hazard-filter';
import { SIGHT_SEVERITY_COLOR } from './sight-colors';
import { downloadSightXlsx } from './sight-export';
import { formatDateTime } from '../hazards/hazard-labels';
import { ObstacleImportDialog } from './obstacle-import-dialog';
import { countsBySeverity, placeOptions } from './sight-filter';
import { SightList } from './sight-list';
import { useSightSettings } from './sight-settings';
import { methodShort, SightSettingsDialog } from './sight-settings-dialog';
import { SIGHT_SEVERITIES, type IntersectionFeature } from './sight-types';
import type { SightLines } from './use-sight-lines';

interface SightSectionProps {
  sight: SightLines;
  selectedId: number | null;
  onOpenChange(open: boolean): void;
  onSelect(feature: IntersectionFeature): void;
  /** Officers and admins may import obstacles (the API checks each one's place). */
  mayEdit: boolean;
  /** Admins may change the method and re-run the analysis; everyone may read it and compare runs. */
  mayAnalyse: boolean;
  /** Imported obstacles on the map: their box, or one intersection they cut. */
  onShowImported(bbox: [number, number, number, number], id: number | null): void;
}

/** 视距不足路口: filter by brigade, township and severity; the worst first; export to Excel. */
export function SightSection({ sight, selectedId, onOpenChange, onSelect, mayEdit, mayAnalyse, onShowImported }: SightSectionProps) {
  const { t, locale } = useI18n();
  const [importing, setImporting] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const { open, filter, setFilter, list, placed, rows } = sight;
  const lastRun = useSightSettings(open).data?.runs[0];
  const all = list.data?.features;
  const counties = useMemo(() => (all ? placeOptions(all, locale) : []), [all, locale]);
  const townships = useMemo(() => (all && filter.county ? placeOptions(all, locale, filter.county) : []), [all, locale, filter.county]);
  const counts = useMemo(() => countsBySeverity(placed), [placed]);
  const placeName = [counties.find((c) => c.code === filter.county)?.label, townships.find((c) => c.code === filter.township)?.label].filter(Boolean).join('_');

  return (
    <>
      <PanelSection id="sight" title={t('sight.heading')} open={open} onToggle={() => onOpenChange(!open)}>
        <div className="sight-filters">
          <FormField label={t('sight.filter.county')}>
            <select
              data-testid="sight-county"
              value={filter.county ?? ''}
              onChange={(e) => setFilter({ ...filter, county: e.target.value || null, township: null })}
            >
              <option value="">{t('sight.filter.allCounties')}</option>
              {counties.map((c) => (
                <option key={c.code} value={c.code}>
                  {t('sight.filter.option', { name: c.label, count: c.count })}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label={t('sight.filter.township')}>
            <select
              data-testid="sight-township"
              value={filter.township ?? ''}
              disabled={!filter.county}
              onChange={(e) => setFilter({ ...filter, township: e.target.value || null })}
            >
              <option value="">{t('sight.filter.allTownships')}</option>
              {townships.map((c) => (
                <option key={c.code} value={c.code}>
                  {t('sight.filter.option', { name: c.label, count: c.count })}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        <div className="chips sight-severities" role="group" aria-label={t('sight.filter.severity')} title={t('sight.severityTitle')}>
          {SIGHT_SEVERITIES.map((s) => (
            <button
              key={s}
              type="button"
              className="chip"
              data-testid={`sight-severity-${s}`}
              data-count={counts[s]}
              aria-pressed={filter.severities.includes(s)}
              onClick={() => setFilter({ ...filter, severities: toggled(filter.severities, s) })}
            >
              <span className="status-dot" style={{ background: cssColor(SIGHT_SEVERITY_COLOR[s]) }} />
              {t('sight.severityCount', { severity: t(`sight.severity.${s}`), count: counts[s] })}
            </button>
          ))}
        </div>

        <div className="hotspot-status" role="status" data-testid="sight-status" data-busy={list.isPending}>
          {list.isPending ? (
            <>
              <span className="spinner" aria-hidden="true" />
              {t('sight.loading')}
            </>
          ) : list.data ? (
            t('sight.summary', { count: rows.length })
          ) : null}
        </div>
        <p className="sight-method-line" data-testid="sight-method-line">
          {lastRun && <span>{t('sight.settings.current', { method: methodShort(lastRun, t), time: formatDateTime(lastRun.runAt) })}</span>}
          <button type="button" className="link-button" data-testid="sight-settings-open" onClick={() => setSettingsOpen(true)}>
            {t('sight.settings.open')}
          </button>
        </p>
        {list.isError && (
          <p className="panel-error" role="alert">
            {t('sight.error', { message: list.error.message })}
          </p>
        )}
        {list.data && rows.length === 0 && <p className="panel-muted">{t('sight.empty')}</p>}
        {list.data && (
          <>
            <SightList rows={rows} selectedId={selectedId} onSelect={onSelect} />
            {(rows.length > 0 || mayEdit) && (
              <div className="hotspot-export">
                {rows.length > 0 && (
                  <button type="button" className="chip" data-testid="sight-export-xlsx" onClick={() => downloadSightXlsx(rows, placeName, t, locale)}>
                    {t('sight.export.xlsx')}
                  </button>
                )}
                {mayEdit && (
                  <button type="button" className="chip" data-testid="sight-import-obstacles" onClick={() => setImporting(true)}>
                    {t('sight.import.open')}
                  </button>
                )}
              </div>
            )}
          </>
        )}
      </PanelSection>
      {importing && <ObstacleImportDialog onClose={() => setImporting(false)} onShow={onShowImported} />}
      {settingsOpen && <SightSettingsDialog mayRun={mayAnalyse} onClose={() => setSettingsOpen(false)} />}
    </>
  );
}
