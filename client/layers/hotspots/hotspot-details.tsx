import { useEffect } from 'react';
import { useI18n } from '@client/i18n/i18n-provider';
import { GridFacts, ProfileCharts, SegmentRules, SeverityFacts, TrendChart, VehicleChart } from './hotspot-detail-sections';
import type { GridNeighbourhood } from './grid-neighbourhood';
import { TrendBadge } from './hotspot-list';
import type { HotspotRow } from './hotspot-rows';
import type { ClusterProperties, GridCellProperties, HotspotMethod, SegmentProperties } from './hotspot-types';

interface HotspotDetailsProps {
  method: HotspotMethod;
  row: HotspotRow;
  neighbourhood: GridNeighbourhood | null;
  onClose(): void;
}

/** One hotspot: its numbers, when and with what it happens, its trend and (segments) the rules it broke. */
export function HotspotDetails({ method, row, neighbourhood, onClose }: HotspotDetailsProps) {
  const { t } = useI18n();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const props = row.feature.properties;
  const counted = method === 'grid' ? null : (props as ClusterProperties | SegmentProperties);
  const vehicles = counted ? (counted.profile?.vehicles ?? (counted as ClusterProperties).topVehicleTypes ?? []) : [];

  return (
    <aside className="details hotspot-details" data-testid="hotspot-details" data-rank={row.rank} aria-label={t(`hotspot.details.${method}`)}>
      <header className="details-header">
        <h2>
          {t(`hotspot.details.${method}`)} <span className="hotspot-rank-inline">#{row.rank}</span>
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('details.close')} title={t('details.close')}>
          ×
        </button>
      </header>
      <p className="hotspot-details-place">
        {row.place}
        {row.stretch && <span className="panel-muted"> · {row.stretch}</span>}
        {row.trend && row.trend !== 'none' && <TrendBadge label={row.trend} years={row.trendYears ?? 0} />}
      </p>
      {row.centroid && (
        <p className="detail-note detail-coords">
          {row.centroid[0].toFixed(5)}, {row.centroid[1].toFixed(5)}
        </p>
      )}
      {counted ? (
        <SeverityFacts p={counted} change={method === 'clusters' ? (counted as ClusterProperties).change : undefined} />
      ) : (
        <GridFacts p={props as GridCellProperties} bin={row.gi?.bin ?? 0} neighbourhood={neighbourhood} />
      )}
      {counted?.profile && <ProfileCharts profile={counted.profile} />}
      <VehicleChart vehicles={vehicles} />
      {counted?.trend && <TrendChart trend={counted.trend} />}
      {method === 'segments' && <SegmentRules p={props as SegmentProperties} />}
    </aside>
  );
}
