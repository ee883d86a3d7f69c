import { useMemo, useState } from 'react';
import { Busy } from '@client/app/busy';
import { FormField } from '@client/app/form-field';
import { PanelSection } from '@client/app/panel-section';
import { useI18n } from '@client/i18n/i18n-provider';
import { cssColor } from '../accidents/severity';
import { SCHOOL_STATES, SCHOOL_STATE_COLOR, schoolState } from './school-colors';
import { ImportOpener } from '@client/app/import-dialog';
import { downloadSchoolXlsx } from './school-export';
import { SchoolCalendarPanel } from './school-calendar';
import { SchoolImportDialog } from './school-import';
import { useZonesSummary } from './school-queries';
import type { SchoolFeature, ZonesSummary } from './school-types';
import { schoolTally, type SchoolsState } from './use-schools';

interface SchoolSectionProps {
  schools: SchoolsState;
  selectedId: number | null;
  onOpenChange(open: boolean): void;
  onSelect(feature: SchoolFeature): void;
  /** Officers and admins: 导入学校. */
  mayImport: boolean;
}

const FIRST_ROWS = 20;

/**
 * 校园周边: the schools by brigade, how many lack a guard post or have failed audit items (per
 * county, or per township of one county), the list, and Excel.
 */
export function SchoolSection({ schools, selectedId, onOpenChange, onSelect, mayImport }: SchoolSectionProps) {
  const { t } = useI18n();
  const { open, filter, setFilter, list, inCounty, rows } = schools;
  const zones = useZonesSummary(open, filter.county);
  const [all, setAll] = useState(false);
  const counties = useMemo(() => schoolTally(list.data?.features ?? [], false), [list.data]);
  const tally = useMemo(() => schoolTally(inCounty, filter.county !== null), [inCounty, filter.county]);
  const counts = useMemo(() => {
    const c = Object.fromEntries(SCHOOL_STATES.map((s) => [s, 0])) as Record<(typeof SCHOOL_STATES)[number], number>;
    for (const f of inCounty) c[schoolState(f.properties)]++;
    return c;
  }, [inCounty]);
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  const countyName = counties.find((c) => c.code === filter.county)?.name ?? '';

  return (
    <PanelSection id="school" title={t('school.heading')} open={open} onToggle={() => onOpenChange(!open)}>
      <FormField label={t('school.filter.county')}>
        <select data-testid="school-county" value={filter.county ?? ''} onChange={(e) => setFilter({ ...filter, county: e.target.value || null })}>
          <option value="">{t('school.filter.allCounties')}</option>
          {counties.map((c) => (
            <option key={c.code} value={c.code}>
              {t('school.filter.option', { name: c.name, count: c.schools })}
            </option>
          ))}
        </select>
      </FormField>
      <div className="chips" role="group" aria-label={t('school.filter.state')}>
        {SCHOOL_STATES.map((s) => (
          <button
            key={s}
            type="button"
            className="chip"
            data-testid={`school-state-${s}`}
            data-count={counts[s]}
            aria-pressed={filter.state === s}
            onClick={() => setFilter({ ...filter, state: filter.state === s ? null : s })}
          >
            <span className="status-dot" style={{ background: cssColor(SCHOOL_STATE_COLOR[s]) }} />
            {t('school.stateCount', { state: t(`school.state.${s}`), count: counts[s] })}
          </button>
        ))}
      </div>
      {list.isPending && (
        <Busy>{t('school.loading')}</Busy>
      )}
      {list.isError && <p className="panel-error" role="alert">{t('school.error', { message: list.error.message })}</p>}
      {tally.length > 0 && (
        <table className="school-tally" data-testid="school-tally">
          <thead>
            <tr>
              <th scope="col">{filter.county ? t('school.tally.township') : t('school.tally.county')}</th>
              <th scope="col">{t('school.tally.schools')}</th>
              <th scope="col">{t('school.tally.noGuardPost')}</th>
              <th scope="col">{t('school.tally.failedItems')}</th>
            </tr>
          </thead>
          <tbody>
            {tally.map((g) => (
              <tr key={g.code} data-code={g.code}>
                <th scope="row">{g.name}</th>
                <td>{g.schools}</td>
                <td data-testid="school-tally-no-post">{g.noGuardPost}</td>
                <td>{g.failedItems}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {zones.data && <GuardPostComparison summary={zones.data} />}
      <p className="panel-muted" role="status" data-testid="school-summary">
        {list.data && t('school.summary', { count: rows.length })}
      </p>
      <ol className="hotspot-list" data-testid="school-list">
        {shown.map((f) => {
          const p = f.properties;
          const state = schoolState(p);
          return (
            <li key={f.id}>
              <button
                type="button"
                className="hotspot-row"
                data-testid="school-row"
                data-id={f.id}
                data-state={state}
                aria-current={f.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(f)}
              >
                <span className="hotspot-rank" style={{ background: cssColor(SCHOOL_STATE_COLOR[state]) }} title={t(`school.state.${state}`)}>
                  校
                </span>
                <span className="hotspot-row-main">
                  <span className="hotspot-row-title">
                    <span className="hotspot-place">{p.name}</span>
                  </span>
                  <span className="hotspot-row-stats">
                    {[p.county, p.township].filter(Boolean).join(' · ')} ·{' '}
                    {t('school.row.stats', {
                      posts: p.guardPosts,
                      audit: p.lastAudit ? t('school.row.audit', { date: p.lastAudit.doneOn, failed: p.lastAudit.failed }) : t('school.row.noAudit'),
                      hazards: p.openHazards,
                    })}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      {rows.length > FIRST_ROWS && (
        <button type="button" className="link-button" onClick={() => setAll(!all)}>
          {all ? t('school.list.fewer') : t('school.list.all', { count: rows.length })}
        </button>
      )}
      {rows.length > 0 && (
        <div className="hotspot-export">
          <button type="button" className="chip" data-testid="school-export-xlsx" onClick={() => downloadSchoolXlsx(rows, countyName, t)}>
            {t('school.export.xlsx')}
          </button>
        </div>
      )}
      <SchoolCalendarPanel />
      {mayImport && (
        <div className="hotspot-export">
          <ImportOpener label={t('school.import.open')} testId="school-import-open">
            {(close) => <SchoolImportDialog onClose={close} />}
          </ImportOpener>
        </div>
      )}
    </PanelSection>
  );
}

/** At school hours, zones with a guard post against zones without: crashes per 1000 zone-hours. */
function GuardPostComparison({ summary }: { summary: ZonesSummary }) {
  const { t } = useI18n();
  const { with: posted, without } = summary.guardPosts;
  const rate = (x: number) => x.toFixed(2);
  return (
    <p className="panel-muted" data-testid="school-post-comparison">
      {t('school.posts.compare', {
        from: summary.meta.from,
        to: summary.meta.to,
        withRate: rate(posted.rate),
        withCrashes: posted.crashes,
        withSchools: posted.schools,
        withoutRate: rate(without.rate),
        withoutCrashes: without.crashes,
        withoutSchools: without.schools,
      })}
    </p>
  );
}
