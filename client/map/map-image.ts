import type * as maplibregl from 'maplibre-gl';
import type { LegendSymbol } from '@client/layers/layer-types';

/** What the saved image says beside the map: a title line, the legend of the layers on, where the data comes from. */
export interface MapImageInfo {
  title: string;
  legend: { heading: string; items: { label: string; symbol: LegendSymbol }[] }[];
  attribution: string;
  scaleUnit: { m: string; km: string };
}

const PAD = 16;
const LEGEND_W = 280;
const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

/** The map's pixels as drawn by its next frame (MapLibre keeps no copy of the last one). */
function grabCanvas(map: maplibregl.Map): Promise<HTMLCanvasElement> {
  return new Promise((resolve) => {
    map.once('render', () => {
      const src = map.getCanvas();
      const copy = document.createElement('canvas');
      copy.width = src.width;
      copy.height = src.height;
      copy.getContext('2d')!.drawImage(src, 0, 0);
      resolve(copy);
    });
    map.triggerRepaint();
  });
}

function drawSymbol(ctx: CanvasRenderingContext2D, s: LegendSymbol, x: number, y: number) {
  ctx.save();
  if (s.kind === 'dot') {
    ctx.beginPath();
    ctx.arc(x + 10, y, Math.max(3, s.size / 2), 0, 2 * Math.PI);
    ctx.fillStyle = s.color;
    ctx.fill();
    if (s.outline) {
      ctx.strokeStyle = s.outline;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  } else if (s.kind === 'line') {
    if (s.casing) {
      ctx.strokeStyle = s.casing;
      ctx.lineWidth = s.width + 3;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + 20, y);
      ctx.stroke();
    }
    ctx.strokeStyle = s.color;
    ctx.lineWidth = Math.max(1, s.width);
    if (s.dashed) ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 20, y);
    ctx.stroke();
  } else {
    ctx.fillStyle = s.color;
    ctx.fillRect(x, y - 7, 20, 14);
    ctx.strokeStyle = s.outline;
    if (s.dashed) ctx.setLineDash([3, 2]);
    ctx.strokeRect(x, y - 7, 20, 14);
  }
  ctx.restore();
}

/** A scale bar of a round length near a quarter of the map's width, from the metres a pixel spans at its centre. */
export function scaleBar(metresPerPixel: number, widthPx: number): { metres: number; px: number } {
  const target = (widthPx / 4) * metresPerPixel;
  const p = 10 ** Math.floor(Math.log10(target));
  const metres = [1, 2, 5, 10].map((m) => m * p).filter((v) => v <= target).pop() ?? p;
  return { metres, px: metres / metresPerPixel };
}

/**
 * The map as it is on screen, as a PNG: its pixels, a title, a scale bar, north, and a legend of
 * the layers that are on; what the planner pastes into a report.
 */
export async function mapImage(map: maplibregl.Map, info: MapImageInfo): Promise<Blob> {
  const shot = await grabCanvas(map);
  const ratio = shot.width / map.getCanvas().clientWidth || 1;
  const rows = info.legend.reduce((n, g) => n + 1 + g.items.length, 0);
  const legendH = PAD * 2 + rows * 22;
  const titleH = 44;
  const footH = 22;
  const out = document.createElement('canvas');
  out.width = shot.width + LEGEND_W * ratio;
  out.height = Math.max(shot.height + (titleH + footH) * ratio, (legendH + titleH + footH) * ratio);
  const ctx = out.getContext('2d')!;
  ctx.scale(ratio, ratio);
  const [w, h] = [shot.width / ratio, shot.height / ratio];
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#111827';
  ctx.font = `bold 18px ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(info.title, PAD, titleH / 2);
  ctx.drawImage(shot, 0, titleH, w, h);

  // Scale bar and north, bottom left of the map.
  const centre = map.getCenter();
  const metresPerPixel = (40_075_016.686 * Math.cos((centre.lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom());
  const bar = scaleBar(metresPerPixel, w);
  const [bx, by] = [PAD, titleH + h - PAD];
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(bx - 6, by - 26, bar.px + 12, 32);
  ctx.strokeStyle = '#111827';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(bx, by - 6);
  ctx.lineTo(bx, by);
  ctx.lineTo(bx + bar.px, by);
  ctx.lineTo(bx + bar.px, by - 6);
  ctx.stroke();
  ctx.fillStyle = '#111827';
  ctx.font = `12px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.fillText(bar.metres >= 1000 ? `${bar.metres / 1000} ${info.scaleUnit.km}` : `${bar.metres} ${info.scaleUnit.m}`, bx + bar.px / 2, by - 15);
  ctx.fillText('N', w - 24, titleH + 40);
  ctx.beginPath();
  ctx.moveTo(w - 24, titleH + 10);
  ctx.lineTo(w - 16, titleH + 30);
  ctx.lineTo(w - 32, titleH + 30);
  ctx.closePath();
  ctx.fill();
  ctx.textAlign = 'left';

  // Legend, right of the map.
  let y = titleH + PAD;
  const x = w + PAD;
  for (const group of info.legend) {
    ctx.font = `bold 13px ${FONT}`;
    ctx.fillStyle = '#111827';
    ctx.fillText(group.heading, x, y + 8);
    y += 22;
    ctx.font = `12px ${FONT}`;
    for (const item of group.items) {
      drawSymbol(ctx, item.symbol, x, y + 8);
      ctx.fillStyle = '#374151';
      ctx.fillText(item.label, x + 28, y + 8, LEGEND_W - 2 * PAD - 28);
      y += 22;
    }
  }
  ctx.font = `10px ${FONT}`;
  ctx.fillStyle = '#6b7280';
  ctx.fillText(info.attribution, PAD, titleH + h + footH / 2, w + LEGEND_W - 2 * PAD);
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the map could not be drawn to an image'))), 'image/png'));
}
