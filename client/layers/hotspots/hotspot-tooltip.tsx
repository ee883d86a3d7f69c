import { useImperativeHandle, useState, type Ref } from 'react';
import type { HotspotHover } from './hotspot-layer-input';
import type { HotspotFeature } from './hotspot-types';

export interface HotspotTooltipHandle {
  show(hover: HotspotHover | null): void;
}

interface HotspotTooltipProps {
  ref: Ref<HotspotTooltipHandle>;
  /** Null for a feature of a result no longer on screen. */
  describe(feature: HotspotFeature): { title: string; text: string } | null;
}

/**
 * The hotspot under the pointer. Its own state, set through a handle, so that moving the mouse
 * re-renders this one small element and not the map screen.
 */
export function HotspotTooltip({ ref, describe }: HotspotTooltipProps) {
  const [hover, setHover] = useState<HotspotHover | null>(null);
  useImperativeHandle(ref, () => ({ show: setHover }), []);
  const described = hover && describe(hover.feature);
  if (!hover || !described) return null;
  const { title, text } = described;
  return (
    <div className="hotspot-tooltip" role="tooltip" data-testid="hotspot-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }}>
      <strong>{title}</strong>
      <span>{text}</span>
    </div>
  );
}
