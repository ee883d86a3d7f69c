/** Small hand-drawn SVG charts for the hotspot details: columns and horizontal bars. */

const WIDTH = 272;
const BAR_COLOR = '#c51b8a';
const BAR_MUTED = '#e7a3c9';

interface ColumnChartProps {
  values: readonly number[];
  /** One label per value, shown under the columns where `showLabel(i)` says so. */
  labels: readonly string[];
  showLabel?(index: number): boolean;
  /** Spoken and hovered: the chart's name, and each column's description. */
  title: string;
  describe(index: number): string;
  testId: string;
  height?: number;
  /** Counts above the columns (for a few columns only). */
  showValues?: boolean;
  /** Columns drawn in the muted colour, e.g. periods before the window. */
  muted?(index: number): boolean;
}

export function ColumnChart({ values, labels, showLabel = () => true, title, describe, testId, height = 70, showValues = false, muted }: ColumnChartProps) {
  const max = Math.max(1, ...values);
  const top = showValues ? 12 : 4;
  const axis = 14;
  const plot = height - top - axis;
  const step = WIDTH / Math.max(1, values.length);
  const gap = Math.min(3, step * 0.2);
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} data-testid={testId} data-values={values.join(',')}>
      <line x1="0" x2={WIDTH} y1={top + plot + 0.5} y2={top + plot + 0.5} stroke="#c9cfd6" />
      {values.map((v, i) => {
        const h = v === 0 ? 0 : Math.max(1.5, (v / max) * plot);
        const x = i * step + gap / 2;
        return (
          <g key={i}>
            <title>{describe(i)}</title>
            {/* A full-height transparent hit area, so that empty hours still show their tooltip. */}
            <rect x={i * step} y={top} width={step} height={plot} fill="transparent" />
            <rect x={x} y={top + plot - h} width={step - gap} height={h} rx="1" fill={muted?.(i) ? BAR_MUTED : BAR_COLOR} />
            {showValues && (
              <text x={x + (step - gap) / 2} y={top + plot - h - 2} textAnchor="middle" className="chart-value">
                {v}
              </text>
            )}
            {showLabel(i) && (
              <text x={i * step + step / 2} y={height - 3} textAnchor="middle" className="chart-label">
                {labels[i]}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

interface BarListProps {
  items: readonly { label: string; value: number }[];
  title: string;
  testId: string;
  unit(value: number): string;
}

/** Horizontal bars with their labels and counts, longest first as given. */
export function BarList({ items, title, testId, unit }: BarListProps) {
  const max = Math.max(1, ...items.map((i) => i.value));
  const row = 18;
  const labelWidth = 84;
  const valueWidth = 40;
  const barSpace = WIDTH - labelWidth - valueWidth;
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${items.length * row}`} role="img" aria-label={title} data-testid={testId}>
      {items.map((item, i) => (
        <g key={item.label} transform={`translate(0 ${i * row})`}>
          <title>{`${item.label}: ${unit(item.value)}`}</title>
          <text x="0" y="13" className="chart-label chart-label-left">
            {item.label}
          </text>
          <rect x={labelWidth} y="4" width={Math.max(1.5, (item.value / max) * barSpace)} height="11" rx="1.5" fill={BAR_COLOR} />
          <text x={WIDTH} y="13" textAnchor="end" className="chart-value">
            {item.value}
          </text>
        </g>
      ))}
    </svg>
  );
}

interface StackedBarProps {
  parts: readonly { label: string; value: number; color: string }[];
  title: string;
  testId: string;
}

/** One bar split by severity, with the parts' shares. */
export function StackedBar({ parts, title, testId }: StackedBarProps) {
  const total = parts.reduce((s, p) => s + p.value, 0);
  let x = 0;
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} 12`} role="img" aria-label={title} data-testid={testId}>
      {total > 0 &&
        parts.map((p) => {
          const w = (p.value / total) * WIDTH;
          const rect = (
            <rect key={p.label} x={x} y="0" width={w} height="12" fill={p.color}>
              <title>{`${p.label}: ${p.value}`}</title>
            </rect>
          );
          x += w;
          return rect;
        })}
    </svg>
  );
}
