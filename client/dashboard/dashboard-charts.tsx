import { useI18n } from '@client/i18n/i18n-provider';
import type { DashboardAnswer, DashboardRow } from './dashboard-screen';

const GRADE_FILL = { red: '#dc2626', yellow: '#eab308', green: '#16a34a' } as const;

/** This year's accidents month by month (bars) against last year's (a line), twelve months. */
export function MonthlyChart({ series }: { series: DashboardAnswer['series'] }) {
  const { t } = useI18n();
  const [W, H, L, B, T] = [560, 200, 36, 24, 14];
  const values = [...series.thisYear.accidents, ...series.lastYear.accidents].filter((v): v is number => v !== null);
  const max = Math.max(1, ...values);
  const step = (W - L - 8) / 12;
  const y = (v: number) => T + (H - T - B) * (1 - v / max);
  const last = series.lastYear.accidents.map((v, i) => (v === null ? null : `${L + step * (i + 0.5)},${y(v)}`)).filter(Boolean);
  return (
    <figure className="dashboard-chart" data-testid="monthly-chart">
      <figcaption>{t('dashboard.chart.monthly', { year: String(series.year), last: String(series.year - 1) })}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('dashboard.chart.monthly', { year: String(series.year), last: String(series.year - 1) })}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={L} x2={W - 8} y1={y(max * f)} y2={y(max * f)} stroke="#e5e7eb" />
            <text x={L - 4} y={y(max * f) + 4} textAnchor="end" fontSize="10" fill="#6b7280">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {series.thisYear.accidents.map((v, i) =>
          v === null ? null : (
            <rect key={i} x={L + step * i + step * 0.18} width={step * 0.64} y={y(v)} height={H - B - y(v)} fill="#2563eb" data-month={series.months[i]} data-value={v}>
              <title>{`${series.year}-${series.months[i]}: ${v}`}</title>
            </rect>
          ),
        )}
        <polyline points={last.join(' ')} fill="none" stroke="#f97316" strokeWidth="2" />
        {series.months.map((m, i) => (
          <text key={m} x={L + step * (i + 0.5)} y={H - 8} textAnchor="middle" fontSize="10" fill="#4b5563">
            {Number(m)}
          </text>
        ))}
      </svg>
      <div className="chart-key">
        <span className="key-bar" /> {series.year} <span className="key-line" /> {series.year - 1}
      </div>
    </figure>
  );
}

/** The parts side by side: accidents per county (or township), each bar in its 红黄绿 colour. */
export function PartsChart({ parts, name }: { parts: DashboardRow[]; name: (r: DashboardRow) => string }) {
  const { t } = useI18n();
  const rows = [...parts].sort((a, b) => b.accidents - a.accidents).slice(0, 20);
  const max = Math.max(1, ...rows.map((r) => r.accidents));
  const [W, rowH, L] = [420, 20, 96];
  return (
    <figure className="dashboard-chart" data-testid="parts-chart">
      <figcaption>{t('dashboard.chart.parts')}</figcaption>
      <svg viewBox={`0 0 ${W} ${rows.length * rowH + 4}`} role="img" aria-label={t('dashboard.chart.parts')}>
        {rows.map((r, i) => {
          const w = ((W - L - 40) * r.accidents) / max;
          return (
            <g key={r.code ?? 'unplaced'} transform={`translate(0,${i * rowH + 2})`} data-code={r.code ?? ''}>
              <text x={L - 6} y={13} textAnchor="end" fontSize="11" fill="#374151">
                {name(r)}
              </text>
              <rect x={L} y={3} width={w} height={rowH - 7} fill={GRADE_FILL[r.grade]} opacity="0.85" />
              <text x={L + w + 4} y={13} fontSize="11" fill="#111827">
                {r.accidents}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
