import { useQuery } from '@tanstack/react-query';
import { DASHBOARD_READERS, shownPercent } from '@shared/dashboard/kpi';
import type { Grade } from '@shared/dashboard/grading';
import { apiUrl, getJson, retryServerErrors } from '@client/api/http';
import { TermHelp } from '@client/app/term-help';
import { MAP_PATH, navigate, useLocationHref } from '@client/app/use-path';
import { useAuth } from '@client/auth/auth-provider';
import { useI18n } from '@client/i18n/i18n-provider';
import { MonthlyChart, PartsChart } from './dashboard-charts';
import { PeriodPicker } from './period-picker';
import { readView, viewHref, viewQuery, type DashboardView } from './dashboard-view';

type Measures = { accidents: number; deaths: number; injuries: number; epdo: number };
type Changes = { [K in keyof Measures]: number | null };

/** One row of GET /api/dashboard (docs/API.md). */
export interface DashboardRow extends Measures {
  /** Null for the row `unplaced`. */
  code: string | null;
  /** The area's own crashes and hazards in none of its parts (a gap in imported boundaries): 未划入乡镇 / 未划入区县. */
  unplaced: boolean;
  name: string;
  nameEn: string | null;
  level: 'city' | 'county' | 'township';
  whole: boolean;
  approximate: boolean;
  population: number | null;
  lastYear: Measures;
  previous: Measures;
  yoy: Changes;
  mom: Changes;
  deathsPer10k: number | null;
  deathsPer100k: number | null;
  hazards: { found: number; closed: number; rectified: number; overdue: number; open: number; rectificationRate: number | null };
  grade: Grade;
  /** The ids of the rules that set the grade (none for green). */
  gradeRules: string[];
}

/** GET /api/dashboard/hotspots: hotspots of the period against those of the period before. */
interface HotspotChange {
  rule: { eps: number; minPoints: number };
  now: number;
  before: number;
  new: number;
  persistent: number;
  gone: number;
}

export interface GradeRuleShown {
  id: string;
  grade: 'red' | 'yellow';
  name: string;
  nameEn: string | null;
  condition: string;
}

export interface DashboardAnswer {
  period: { kind: string; from: string; to: string; partial: boolean; lastYear: { from: string; to: string }; previous: { from: string; to: string } };
  area: { code: string; name: string; nameEn: string | null; level: 'city' | 'county' | 'township' };
  populationYear: number;
  gradeRules: GradeRuleShown[];
  /** The area month by month through the year the period ends in, against the year before; null for a month not begun. */
  series: {
    year: number;
    months: string[];
    thisYear: { accidents: (number | null)[]; deaths: (number | null)[]; injuries: (number | null)[] };
    lastYear: { accidents: (number | null)[]; deaths: (number | null)[]; injuries: (number | null)[] };
  };
  total: DashboardRow;
  parts: DashboardRow[];
  /** Each feature's number for the area (视距不足路口, 马路市场 …), named by the API. */
  indicators: { id: string; name: string; nameEn: string; value: number; detail: { name: string; nameEn: string; value: number | null } | null }[];
}


/** A change as the leaders read it: up in red (more crashes is worse), down in green; none before: said so. */
function Change({ share, label }: { share: number | null; label: string }) {
  const { t } = useI18n();
  const text = share === null ? null : shownPercent(share, true);
  return (
    <span className={`kpi-change ${trend(share) ?? ''}`} data-share={share ?? ''}>
      {label} {text ?? t('dashboard.noBase')}
    </span>
  );
}

/** A number with its changes; with `href`, a link to where it comes from (the map or the ledger, filtered to it). */
function Tile({ label, value, yoy, mom, testId, href }: { label: string; value: string; yoy?: number | null; mom?: number | null; testId: string; href?: string }) {
  const { t } = useI18n();
  const body = (
    <>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {yoy !== undefined && <Change share={yoy} label={t('dashboard.yoy')} />}
      {mom !== undefined && <Change share={mom} label={t('dashboard.mom')} />}
    </>
  );
  if (!href) return <div className="kpi-tile" data-testid={testId}>{body}</div>;
  return (
    <a
      className="kpi-tile is-link"
      data-testid={testId}
      href={href}
      title={t('dashboard.openOnMap')}
      onClick={(e) => {
        e.preventDefault();
        navigate(href);
      }}
    >
      {body}
    </a>
  );
}

/** 红黄绿: the grade as a coloured word, its rules named in the tooltip (and for screen readers). */
function GradeBadge({ row, rules }: { row: DashboardRow; rules: GradeRuleShown[] }) {
  const { t, locale } = useI18n();
  const named = row.gradeRules.map((id) => rules.find((r) => r.id === id)).map((r) => (r ? (locale === 'en' && r.nameEn ? r.nameEn : r.name) : ''));
  const why = named.length ? named.join('；') : t('dashboard.grade.none');
  return (
    <span className={`grade-badge is-${row.grade}`} data-grade={row.grade} data-rules={row.gradeRules.join(' ')} title={why} aria-label={`${t(`dashboard.grade.${row.grade}`)}: ${why}`}>
      {t(`dashboard.grade.${row.grade}`)}
    </span>
  );
}

/** The map at an area, its accidents those of the period: where a number on the dashboard came from. */
export const mapHref = (code: string, period: { from: string; to: string }) =>
  `${MAP_PATH}?${new URLSearchParams({ area: code, from: period.from, to: period.to })}`;

/** Where each of an area's numbers leads: the map at the area over the period (deaths: fatal crashes only), the ledger there (overdue only). */
const numberHrefs = (code: string, period: { from: string; to: string }) => ({
  accidents: mapHref(code, period),
  deaths: `${mapHref(code, period)}&sev=fatal`,
  injuries: `${mapHref(code, period)}&sev=injury`,
  hazards: `${MAP_PATH}?area=${code}&ledger=1`,
  overdue: `${MAP_PATH}?area=${code}&ledger=1&overdue=1`,
});

/** A number in the table that opens where it came from, in the app (no reload); plain where it leads nowhere (href null). */
function NumberLink({ href, children, title }: { href: string | null; children: React.ReactNode; title: string }) {
  if (href === null) return <>{children}</>;
  return (
    <a
      className="number-link"
      href={href}
      title={title}
      onClick={(e) => {
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

const rate = (v: number | null, digits = 3) => (v === null ? '—' : v.toFixed(digits));
/** A change's colour: up red (more is worse), down green, none or nothing to compare with plain. */
const trend = (share: number | null) => (share === null || share === 0 ? undefined : share > 0 ? 'is-up' : 'is-down');

/**
 * The leaders' page (/dashboard): for the reader's area (the city, a county) over a period, the
 * accidents, deaths and injuries with 同比 and 环比, 万人死亡率, and the hazards found, closed and
 * overdue with 整改率; then each county (or township) side by side. A county's name opens its
 * townships; every view is the URL.
 */
export function DashboardScreen() {
  const { t, locale } = useI18n();
  const { user, openSignIn } = useAuth();
  const href = useLocationHref();
  const view = readView(href.slice(href.indexOf('?') + 1 || href.length));
  const allowed = !!user && (DASHBOARD_READERS as readonly string[]).includes(user.role);
  const answer = useQuery({
    queryKey: ['dashboard', viewQuery(view)],
    queryFn: ({ signal }) => getJson<DashboardAnswer>(apiUrl(`/dashboard?${viewQuery(view)}`), signal),
    enabled: allowed,
    retry: retryServerErrors,
    meta: { perUser: true },
  });
  // Hotspots against the period before: clustering is slower than the counts, so it comes on its own.
  const hotspots = useQuery({
    queryKey: ['dashboard-hotspots', viewQuery(view)],
    queryFn: ({ signal }) => getJson<HotspotChange>(apiUrl(`/dashboard/hotspots?${viewQuery(view)}`), signal),
    enabled: allowed,
    retry: retryServerErrors,
    meta: { perUser: true },
  });
  const go = (next: DashboardView) => navigate(viewHref(next));
  const name = (r: { name: string; nameEn: string | null }) => (locale === 'en' && r.nameEn ? r.nameEn : r.name);

  if (user === undefined) return <div className="app-status">{t('app.loading')}</div>;
  if (!allowed) {
    return (
      <div className="app-status" data-testid="dashboard-closed">
        <p>{user ? t('dashboard.forbidden') : t('dashboard.signIn')}</p>
        {!user && (
          <button type="button" className="button" onClick={openSignIn}>
            {t('auth.signIn')}
          </button>
        )}
      </div>
    );
  }
  const d = answer.data;
  const whole = d?.total;
  const hrefs = d ? numberHrefs(d.area.code, d.period) : null;
  // A year's 环比 is the year before: the same as its 同比, not shown twice.
  const mom = (share: number | null) => (d?.period.kind === 'year' ? undefined : share);
  return (
    <div className="dashboard" data-testid="dashboard">
      <div className="dashboard-head">
        <h1>{t('dashboard.title', { area: d ? name(d.area) : '' })}</h1>
        {d && d.area.level !== 'city' && d.area.code !== user.scope.code && (
          <button type="button" className="link-button" data-testid="dashboard-up" onClick={() => go({ ...view, area: d.area.level === 'township' ? d.area.code.slice(0, 6) : undefined })}>
            {t('dashboard.up')}
          </button>
        )}
        <PeriodPicker view={view} onChange={go} />
        <div className="briefing-links" role="group" aria-label={t('dashboard.briefing')}>
          <span>{t('dashboard.briefing')}</span>
          {(['docx', 'pdf'] as const).map((format) => (
            <a key={format} className="button" data-testid={`briefing-${format}`} href={apiUrl(`/briefing?format=${format}&${viewQuery(view)}`)} download>
              {t(`dashboard.briefing.${format}`)}
            </a>
          ))}
        </div>
      </div>
      {answer.isError && <p className="panel-error" role="alert">{t('dashboard.error', { message: answer.error.message })}</p>}
      {!d && answer.isPending && <p className="section-note">{t('dashboard.loading')}</p>}
      {d && whole && hrefs && (
        <>
          <p className="section-note" data-testid="dashboard-span">
            {t('dashboard.span', { from: d.period.from, to: d.period.to, lyFrom: d.period.lastYear.from, lyTo: d.period.lastYear.to, prevFrom: d.period.previous.from, prevTo: d.period.previous.to })}
            {d.period.partial && ` ${t('dashboard.partial')}`}
          </p>
          <div className="kpi-tiles" data-area={d.area.code}>
            <Tile testId="kpi-accidents" href={hrefs.accidents} label={t('dashboard.accidents')} value={String(whole.accidents)} yoy={whole.yoy.accidents} mom={mom(whole.mom.accidents)} />
            <Tile testId="kpi-deaths" href={hrefs.deaths} label={t('dashboard.deaths')} value={String(whole.deaths)} yoy={whole.yoy.deaths} mom={mom(whole.mom.deaths)} />
            <Tile testId="kpi-injuries" href={hrefs.injuries} label={t('dashboard.injuries')} value={String(whole.injuries)} yoy={whole.yoy.injuries} mom={mom(whole.mom.injuries)} />
            <Tile testId="kpi-epdo" href={hrefs.accidents} label={t('dashboard.epdo')} value={String(Math.round(whole.epdo))} yoy={whole.yoy.epdo} />
            <Tile testId="kpi-per10k" label={t('dashboard.per10k')} value={rate(whole.deathsPer10k)} />
            <Tile testId="kpi-hazards" href={hrefs.hazards} label={t('dashboard.hazardsFound')} value={String(whole.hazards.found)} />
            <Tile testId="kpi-overdue" href={hrefs.overdue} label={t('dashboard.overdue')} value={String(whole.hazards.overdue)} />
            <Tile testId="kpi-rate" label={t('dashboard.rate')} value={shownPercent(whole.hazards.rectificationRate)} />
          </div>
          {d.indicators.length > 0 && (
            <div className="kpi-tiles indicator-tiles" data-testid="indicators">
              <div className="kpi-tile" data-testid="indicator-hotspots" title={t('dashboard.hotspots.rule', { eps: '50', min: '3' })}>
                <div className="kpi-label">{t('dashboard.hotspots')}</div>
                <div className="kpi-value">{hotspots.data ? hotspots.data.now : '…'}</div>
                {hotspots.data && (
                  <span className="kpi-change">
                    {t('dashboard.hotspots.change', { new: String(hotspots.data.new), persistent: String(hotspots.data.persistent), gone: String(hotspots.data.gone) })}
                  </span>
                )}
                {hotspots.isError && <span className="kpi-change">{hotspots.error.message}</span>}
              </div>
              {d.indicators.map((i) => (
                <div className="kpi-tile" key={i.id} data-testid={`indicator-${i.id}`}>
                  <div className="kpi-label">{locale === 'en' ? i.nameEn : i.name}</div>
                  <div className="kpi-value">{i.value}</div>
                  {i.detail && (
                    <span className="kpi-change">
                      {locale === 'en' ? i.detail.nameEn : i.detail.name} {i.detail.value ?? '—'}
                    </span>
                  )}
                </div>
              ))}
            </div>
          )}
          <div className="dashboard-charts">
            <MonthlyChart series={d.series} />
            {d.parts.length > 1 && <PartsChart parts={d.parts} name={name} />}
          </div>
          {d.parts.length > 0 && (
            <table className="dashboard-table" data-testid="dashboard-table">
              <thead>
                <tr>
                  <th>{t(d.area.level === 'city' ? 'dashboard.area.county' : 'dashboard.area.township')}</th>
                  <th>{t('dashboard.grade')}</th>
                  <th>{t('dashboard.accidents')}</th>
                  <th>
                    {t('dashboard.yoy')}
                    <TermHelp term="yoy" />
                  </th>
                  <th>{t('dashboard.deaths')}</th>
                  <th>{t('dashboard.yoy')}</th>
                  <th>{t('dashboard.injuries')}</th>
                  <th>
                    {t('dashboard.epdo')}
                    <TermHelp term="epdo" />
                  </th>
                  <th>{t('dashboard.per10k')}</th>
                  <th>{t('dashboard.hazardsFound')}</th>
                  <th>{t('dashboard.hazardsClosed')}</th>
                  <th>{t('dashboard.overdue')}</th>
                  <th>{t('dashboard.rate')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {[...d.parts, whole].map((r) => {
                  // The crashes in none of the parts have no area of their own on the map or in the ledger.
                  const to = r.code === null ? null : numberHrefs(r.code, d.period);
                  const where = t('dashboard.onMap', { name: r.whole ? name(d.area) : name(r) });
                  return (
                    <tr key={r.whole ? 'total' : (r.code ?? 'unplaced')} data-code={r.code ?? ''} data-unplaced={r.unplaced || undefined} data-testid={r.whole ? 'dashboard-total' : 'dashboard-row'} className={r.whole ? 'is-total' : undefined}>
                      <td>
                        {r.whole ? (
                          t('dashboard.total')
                        ) : r.level === 'county' && r.code !== null ? (
                          <button type="button" className="link-button" title={t('dashboard.drill', { name: name(r) })} onClick={() => go({ ...view, area: r.code! })}>
                            {name(r)}
                          </button>
                        ) : (
                          name(r)
                        )}
                      </td>
                      <td className="grade-cell">
                        <GradeBadge row={r} rules={d.gradeRules} />
                      </td>
                      <td data-measure="accidents">
                        <NumberLink href={to && to.accidents} title={where}>{r.accidents}</NumberLink>
                      </td>
                      <td className={trend(r.yoy.accidents)}>{shownPercent(r.yoy.accidents, true)}</td>
                      <td>
                        <NumberLink href={to && to.deaths} title={where}>{r.deaths}</NumberLink>
                      </td>
                      <td className={trend(r.yoy.deaths)}>{shownPercent(r.yoy.deaths, true)}</td>
                      <td>
                        <NumberLink href={to && to.injuries} title={where}>{r.injuries}</NumberLink>
                      </td>
                      <td>{Math.round(r.epdo)}</td>
                      <td>{rate(r.deathsPer10k)}</td>
                      <td data-measure="found">
                        <NumberLink href={to && to.hazards} title={t('dashboard.inLedger')}>{r.hazards.found}</NumberLink>
                      </td>
                      <td>{r.hazards.closed}</td>
                      <td className={r.hazards.overdue > 0 ? 'overdue-text' : undefined} data-measure="overdue">
                        <NumberLink href={to && to.overdue} title={t('dashboard.inLedger')}>{r.hazards.overdue}</NumberLink>
                      </td>
                      <td>{shownPercent(r.hazards.rectificationRate)}</td>
                      <td>
                        {to && (
                        <a
                          className="link-button"
                          href={to.accidents}
                          data-testid="dashboard-map-link"
                          title={where}
                          onClick={(e) => {
                            e.preventDefault();
                            navigate(to.accidents);
                          }}
                        >
                          {t('dashboard.map')}
                        </a>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <ul className="grade-rules" data-testid="grade-rules">
            {d.gradeRules.map((r) => (
              <li key={r.id}>
                <span className={`grade-badge is-${r.grade}`}>{t(`dashboard.grade.${r.grade}`)}</span> {locale === 'en' && r.nameEn ? r.nameEn : r.name}
              </li>
            ))}
            <li>
              <span className="grade-badge is-green">{t('dashboard.grade.green')}</span> {t('dashboard.grade.none')}
            </li>
          </ul>
          <p className="section-note">
            {t('dashboard.population', { year: String(d.populationYear) })}
            {d.parts.some((p) => p.approximate) && ` ${t('dashboard.approximate')}`}
          </p>
        </>
      )}
    </div>
  );
}
