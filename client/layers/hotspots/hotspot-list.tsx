import { useState } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import type { MessageKey } from '@client/i18n/zh';
import { epdoColor, giColor, rgbCss } from './hotspot-colors';
import { rowStats, type HotspotRow } from './hotspot-rows';
import type { TrendLabel } from './hotspot-types';

const FIRST_ROWS = 20;

/**
 * The trend over the yearly periods, named as that (not 同比, which compares one period with the
 * same one a year before), with the test and its level on hover.
 */
export function TrendBadge({ label, years }: { label: TrendLabel; years: number }) {
  const { t } = useI18n();
  return (
    <span className={`trend-badge trend-${label}`} data-testid="trend-badge" data-trend={label} title={t(label === 'new' ? 'hotspot.trend.newTitle' : 'hotspot.trend.title', { years })}>
      {t(`hotspot.trend.${label}`, { years })}
    </span>
  );
}

/** ▲ 4（+200%）, ▼ 2（−50%）, ＝ 0; "new" when last year had none. */
export function ChangeText({ change, named = true }: { change: { count: number; percent: number | null }; named?: boolean }) {
  const { t } = useI18n();
  const arrow = change.count > 0 ? '▲' : change.count < 0 ? '▼' : '＝';
  const direction = change.count > 0 ? 'up' : change.count < 0 ? 'down' : 'flat';
  const percent =
    change.percent === null ? t('hotspot.change.none') : `${change.percent > 0 ? '+' : change.percent < 0 ? '−' : ''}${Math.abs(change.percent)}%`;
  return (
    <span className={`change change-${direction}`} title={t('hotspot.change.title')} data-testid="hotspot-change">
      {t(named ? 'hotspot.change.value' : 'hotspot.change.bare', { arrow, count: Math.abs(change.count), percent })}
    </span>
  );
}

interface HotspotListProps {
  rows: readonly HotspotRow[];
  selectedKey: string | null;
  dimmed: boolean;
  onSelect(row: HotspotRow): void;
}

/** Ranked hotspots: rank, where, the numbers, 同比 and the trend. A click selects and flies to one. */
export function HotspotList({ rows, selectedKey, dimmed, onSelect }: HotspotListProps) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  return (
    <>
      <ol className="hotspot-list" data-testid="hotspot-list" data-dimmed={dimmed} aria-busy={dimmed}>
        {shown.map((row) => (
          <li key={row.key}>
            <button
              type="button"
              className="hotspot-row"
              data-testid="hotspot-row"
              data-rank={row.rank}
              aria-current={row.key === selectedKey ? 'true' : undefined}
              onClick={() => onSelect(row)}
            >
              <span
                className="hotspot-rank"
                style={{ background: rgbCss(row.gi ? giColor(row.gi.bin) : epdoColor(row.severity?.epdo ?? 0)) }}
              >
                {row.rank}
              </span>
              <span className="hotspot-row-main">
                <span className="hotspot-row-title">
                  <span className="hotspot-place">{row.place}</span>
                  {/* A trend is named in the list only when the test finds one. */}
                  {row.trend && row.trend !== 'none' && <TrendBadge label={row.trend} years={row.trendYears ?? 0} />}
                </span>
                <span className="hotspot-row-stats">
                  {row.stretch && <span>{row.stretch} · </span>}
                  {rowStats(row, t)}
                  {row.change && (
                    <>
                      {' · '}
                      <ChangeText change={row.change} />
                    </>
                  )}
                  {row.gi && <> · {t(`hotspot.bin.${row.gi.bin}` as MessageKey)}</>}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ol>
      {rows.length > FIRST_ROWS && (
        <button type="button" className="link-button" onClick={() => setAll(!all)}>
          {all ? t('hotspot.list.fewer') : t('hotspot.list.all', { count: rows.length })}
        </button>
      )}
    </>
  );
}
