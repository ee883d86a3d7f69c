import { TermHelp, type Term } from '@client/app/term-help';
import { useI18n } from '@client/i18n/i18n-provider';
import { translateOr, type Translate } from '@client/i18n/locale';
import type { MessageKey } from '@client/i18n/zh';
import { SEVERITY_COLOR, cssColor } from '../accidents/severity';
import type { GridNeighbourhood } from './grid-neighbourhood';
import { BarList, ColumnChart, StackedBar } from './hotspot-charts';
import { ChangeText, TrendBadge } from './hotspot-list';
import { ruleName } from './hotspot-rows';
import { conditionWords } from './rule-words';
import type { ClusterProperties, GridCellProperties, HotspotProfile, HotspotTrend, SegmentProperties } from './hotspot-types';

function Fact({ label, value, testId, help }: { label: string; value: React.ReactNode; testId?: string; help?: Term }) {
  return (
    <div data-testid={testId}>
      <dt>
        {label}
        {help && <TermHelp term={help} />}
      </dt>
      <dd>{value}</dd>
    </div>
  );
}

export function SeverityFacts({ p, change }: { p: ClusterProperties | SegmentProperties; change?: ClusterProperties['change'] }) {
  const { t } = useI18n();
  const segment = p as SegmentProperties;
  return (
    <>
      <dl className="hotspot-facts">
        <Fact label={t('hotspot.fact.count')} value={p.count} testId="fact-count" />
        <Fact label={t('hotspot.fact.deaths')} value={p.deaths} />
        <Fact label={t('hotspot.fact.injuries')} value={p.injuries} />
        <Fact label={t('hotspot.fact.epdo')} value={p.epdo} help="epdo" />
        <Fact label={t('hotspot.fact.night')} value={p.nightShare === null ? '—' : `${Math.round(p.nightShare * 100)}%`} />
        {change && <Fact label={t('hotspot.fact.change')} value={<ChangeText change={change} named={false} />} help="yoy" />}
        {segment.length !== undefined && <Fact label={t('hotspot.fact.length')} value={`${Math.round(segment.length)} m`} />}
      </dl>
      <StackedBar
        testId="chart-severity"
        title={t('hotspot.chart.severity')}
        parts={(['fatal', 'injury', 'pdo'] as const).map((s) => ({ label: t(`severity.${s}`), value: p[s], color: cssColor(SEVERITY_COLOR[s]) }))}
      />
      <ul className="severity-counts">
        {(['fatal', 'injury', 'pdo'] as const).map((s) => (
          <li key={s}>
            <span className="swatch" style={{ background: cssColor(SEVERITY_COLOR[s]) }} aria-hidden="true" />
            {t(`severity.${s}`)} <strong>{p[s]}</strong>
          </li>
        ))}
      </ul>
    </>
  );
}

export function GridFacts({ p, bin, neighbourhood }: { p: GridCellProperties; bin: number; neighbourhood: GridNeighbourhood | null }) {
  const { t } = useI18n();
  return (
    <dl className="hotspot-facts">
      <Fact label={t('hotspot.fact.count')} value={p.count} testId="fact-count" />
      {neighbourhood && (
        <Fact label={t('hotspot.fact.bandCrashes', { distance: neighbourhood.distance })} value={neighbourhood.crashes} testId="fact-band-crashes" />
      )}
      <Fact label={t('hotspot.fact.gi')} value={p.gi === null ? '—' : p.gi.toFixed(2)} help="gi" />
      <Fact label={t('hotspot.fact.p')} value={p.p === null ? '—' : p.p < 0.001 ? '<0.001' : p.p.toFixed(3)} help="p" />
      <Fact label={t('hotspot.fact.bin')} value={t(`hotspot.bin.${bin}` as MessageKey)} />
      {p.neighbours !== undefined && <Fact label={t('hotspot.fact.neighbours')} value={p.neighbours} />}
    </dl>
  );
}

function vehicleLabel(t: Translate, type: string): string {
  const key = `vehicle.${type}`;
  return translateOr(t, key, type);
}

export function VehicleChart({ vehicles }: { vehicles: readonly { type: string; count: number }[] }) {
  const { t } = useI18n();
  if (vehicles.length === 0) return null;
  return (
    <section className="detail-block">
      <h3>{t('hotspot.chart.vehicles')}</h3>
      <BarList
        testId="chart-vehicles"
        title={t('hotspot.chart.vehicles')}
        items={vehicles.map((v) => ({ label: vehicleLabel(t, v.type), value: v.count }))}
        unit={(count) => t('hotspot.chart.accidents', { count })}
      />
    </section>
  );
}

export function ProfileCharts({ profile }: { profile: HotspotProfile }) {
  const { t } = useI18n();
  const weekdays = [0, 1, 2, 3, 4, 5, 6].map((i) => t(`hotspot.weekday.${i}` as MessageKey));
  return (
    <>
      {profile.hour?.length === 24 && (
        <section className="detail-block">
          <h3>{t('hotspot.chart.hour')}</h3>
          <ColumnChart
            testId="chart-hour"
            title={t('hotspot.chart.hour')}
            values={profile.hour}
            labels={profile.hour.map((_, h) => String(h))}
            showLabel={(h) => h % 3 === 0}
            describe={(h) => t('hotspot.chart.hourBar', { hour: h, count: profile.hour[h] })}
          />
        </section>
      )}
      {profile.weekday?.length === 7 && (
        <section className="detail-block">
          <h3>{t('hotspot.chart.weekday')}</h3>
          <ColumnChart
            testId="chart-weekday"
            title={t('hotspot.chart.weekday')}
            values={profile.weekday}
            labels={weekdays}
            showValues
            height={78}
            describe={(d) => `${weekdays[d]}: ${t('hotspot.chart.accidents', { count: profile.weekday[d] })}`}
          />
        </section>
      )}
    </>
  );
}

/** A period's short name: its year when it is a calendar year, else 25/26. */
function periodLabel(period: { from: string; to: string }): string {
  if (period.from.endsWith('-01-01') && period.to.endsWith('-12-31') && period.from.slice(0, 4) === period.to.slice(0, 4)) return period.from.slice(0, 4);
  return `${period.from.slice(2, 4)}/${period.to.slice(2, 4)}`;
}

export function TrendChart({ trend }: { trend: HotspotTrend }) {
  const { t } = useI18n();
  const periods = trend.periods ?? [];
  if (periods.length === 0) return null;
  return (
    <section className="detail-block">
      <h3>
        {t('hotspot.chart.trend', { years: periods.length })} <TermHelp term="trend" /> {trend.label && <TrendBadge label={trend.label} years={periods.length} />}
      </h3>
      <ColumnChart
        testId="chart-trend"
        title={t('hotspot.chart.trend', { years: periods.length })}
        values={periods.map((p) => p.count)}
        labels={periods.map(periodLabel)}
        showValues
        height={84}
        muted={(i) => i < periods.length - 1}
        describe={(i) => `${periods[i].from} – ${periods[i].to}: ${t('hotspot.chart.accidents', { count: periods[i].count })}`}
      />
      {typeof trend.p === 'number' && (
        <p className="detail-note">{t('hotspot.chart.trendTest', { z: (trend.z ?? 0).toFixed(2), p: trend.p < 0.001 ? '<0.001' : trend.p.toFixed(3) })}</p>
      )}
    </section>
  );
}

export function SegmentRules({ p }: { p: SegmentProperties }) {
  const { t, locale } = useI18n();
  const km = (m: number) => (m / 1000).toFixed(2);
  return (
    <>
      {p.rules && p.rules.length > 0 && (
        <section className="detail-block" data-testid="segment-rules">
          <h3>{t('hotspot.rules.fired')}</h3>
          <ul className="rule-list">
            {p.rules.map((rule) => (
              <li key={rule.id}>
                <strong>{ruleName(rule, locale)}</strong>
                <span className="rule-condition">{conditionWords(rule.condition, t)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {p.peak && (
        <p className="detail-note">
          {t('hotspot.peak', { from: km(p.peak.start), to: km(p.peak.end), count: p.peak.count, fatal: p.peak.fatal, epdo: p.peak.epdo })}
        </p>
      )}
    </>
  );
}
