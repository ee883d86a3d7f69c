import type { LegendSymbol as Symbol } from '@client/layers/layer-types';

/** A small inline drawing of how a legend entry looks on the map. */
export function LegendSymbol({ symbol }: { symbol: Symbol }) {
  switch (symbol.kind) {
    case 'line':
      return (
        <svg className="legend-symbol" width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">
          {symbol.casing && <line x1="2" y1="6" x2="26" y2="6" stroke={symbol.casing} strokeWidth={symbol.width + 2} strokeLinecap="round" />}
          <line
            x1="2"
            y1="6"
            x2="26"
            y2="6"
            stroke={symbol.color}
            strokeWidth={symbol.width}
            strokeLinecap="round"
            strokeDasharray={symbol.dashed ? '4 3' : undefined}
          />
        </svg>
      );
    case 'dot':
      return (
        <svg className="legend-symbol" width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">
          <circle cx="14" cy="6" r={symbol.size / 2} fill={symbol.color} stroke={symbol.outline ?? 'none'} strokeWidth={symbol.outline ? 1.2 : 0} />
        </svg>
      );
    case 'area':
      return (
        <svg className="legend-symbol" width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">
          <rect x="3" y="1" width="22" height="10" fill={symbol.color} stroke={symbol.outline} strokeDasharray={symbol.dashed ? '3 2' : undefined} />
        </svg>
      );
  }
}
