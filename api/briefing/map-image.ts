import { Resvg } from '@resvg/resvg-js';
import type { Geometry } from 'geojson';
import { FONT_BOLD, FONT_FAMILY, FONT_REGULAR } from './fonts';

export interface MapPart {
  code: string;
  name: string;
  geometry: Geometry;
  label: [number, number];
}

interface MapInput {
  title: string;
  parts: (MapPart & { grade: 'red' | 'yellow' | 'green' | null })[];
  hotspots: { rank: number; centroid: [number, number]; count: number }[];
}

const WIDTH = 1600;
const HEIGHT = 1200;
const MARGIN = { top: 90, right: 40, bottom: 40, left: 40 };
const GRADE_FILL = { red: '#fca5a5', yellow: '#fde68a', green: '#bbf7d0' } as const;
const GRADE_WORD = { red: '红', yellow: '黄', green: '绿' } as const;
const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

function rings(g: Geometry): number[][][] {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

/** A scale bar length (km) of a round number near a fifth of the map's width. */
function niceKm(kmAcross: number): number {
  const target = kmAcross / 5;
  const p = 10 ** Math.floor(Math.log10(target));
  return [1, 2, 5, 10].map((m) => m * p).reduce((best, v) => (Math.abs(v - target) < Math.abs(best - target) ? v : best));
}

/**
 * The briefing's map: the area's parts filled by their 红黄绿 grade and named, the hotspots as
 * numbered red dots (their rank in the table), a legend, a scale bar and north. An equirectangular
 * projection scaled by the cosine of the middle latitude: true enough for one city. Drawn as SVG
 * and rendered to PNG with resvg and Noto Sans SC (no system fonts).
 */
export function renderMap(input: MapInput): { png: Uint8Array; width: number; height: number; svg: string } {
  const all = input.parts.flatMap((p) => rings(p.geometry).flat());
  const lons = all.map((c) => c[0]);
  const lats = all.map((c) => c[1]);
  const [w, e, s, n] = all.length ? [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)] : [115.2, 116.6, 35.8, 37.1];
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const room = { w: WIDTH - MARGIN.left - MARGIN.right, h: HEIGHT - MARGIN.top - MARGIN.bottom };
  const scale = Math.min(room.w / ((e - w) * k || 1), room.h / (n - s || 1));
  const ox = MARGIN.left + (room.w - (e - w) * k * scale) / 2;
  const oy = MARGIN.top + (room.h - (n - s) * scale) / 2;
  const xy = ([lon, lat]: number[]) => [ox + (lon - w) * k * scale, oy + (n - lat) * scale];
  const path = (g: Geometry) =>
    rings(g)
      .map((r) => `M${r.map((c) => xy(c).map((v) => v.toFixed(1)).join(',')).join('L')}Z`)
      .join('');

  const parts = input.parts
    .map((p) => `<path d="${path(p.geometry)}" fill="${p.grade ? GRADE_FILL[p.grade] : '#f3f4f6'}" stroke="#6b7280" stroke-width="2" fill-rule="evenodd"/>`)
    .join('');
  const labels = input.parts
    .map((p) => {
      const [x, y] = xy(p.label);
      return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${input.parts.length > 12 ? 18 : 26}" fill="#374151" text-anchor="middle" stroke="#fff" stroke-width="4" paint-order="stroke">${esc(p.name)}</text>`;
    })
    .join('');
  const dots = [...input.hotspots]
    .sort((a, b) => b.rank - a.rank)
    .map((h) => {
      const [x, y] = xy(h.centroid);
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="17" fill="#b91c1c" stroke="#fff" stroke-width="3"/><text x="${x.toFixed(1)}" y="${(y + 7).toFixed(1)}" font-size="20" font-weight="bold" fill="#fff" text-anchor="middle">${h.rank}</text>`;
    })
    .join('');
  // Legend (bottom left) and scale bar with north (bottom right).
  const legendItems: [string, string][] = [
    ...(['red', 'yellow', 'green'] as const).map((g): [string, string] => [`<rect width="28" height="20" fill="${GRADE_FILL[g]}" stroke="#6b7280"/>`, `评级${GRADE_WORD[g]}`]),
    ['<circle cx="14" cy="10" r="11" fill="#b91c1c" stroke="#fff" stroke-width="2"/>', '事故多发点（序号同表）'],
  ];
  const legend = `<g transform="translate(${MARGIN.left + 10},${HEIGHT - MARGIN.bottom - legendItems.length * 34 - 10})"><rect x="-10" y="-12" width="300" height="${legendItems.length * 34 + 14}" fill="#fff" fill-opacity="0.9" stroke="#d1d5db"/>${legendItems
    .map(([sym, text], i) => `<g transform="translate(0,${i * 34})">${sym}<text x="40" y="17" font-size="20" fill="#111827">${esc(text)}</text></g>`)
    .join('')}</g>`;
  const kmAcross = ((room.w / scale / k) * 111.32 * k) || 1;
  const km = niceKm(kmAcross);
  const barPx = (km / kmAcross) * room.w;
  const bx = WIDTH - MARGIN.right - barPx - 10;
  const by = HEIGHT - MARGIN.bottom - 20;
  const scaleBar = `<g><rect x="${bx - 10}" y="${by - 34}" width="${barPx + 20}" height="48" fill="#fff" fill-opacity="0.9"/><path d="M${bx},${by - 8}V${by}H${bx + barPx}V${by - 8}" fill="none" stroke="#111827" stroke-width="3"/><text x="${bx + barPx / 2}" y="${by - 14}" font-size="20" text-anchor="middle" fill="#111827">${km} 千米</text></g>`;
  const north = `<g transform="translate(${WIDTH - MARGIN.right - 30},${MARGIN.top + 20})"><path d="M0,-30L14,14L0,4L-14,14Z" fill="#111827"/><text x="0" y="42" font-size="22" text-anchor="middle" fill="#111827">北</text></g>`;
  const title = `<text x="${WIDTH / 2}" y="52" font-size="34" font-weight="bold" text-anchor="middle" fill="#111827">${esc(input.title)}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${FONT_FAMILY}"><rect width="100%" height="100%" fill="#fff"/>${title}${parts}${labels}${dots}${legend}${scaleBar}${north}</svg>`;
  const png = new Resvg(svg, { font: { fontFiles: [FONT_REGULAR, FONT_BOLD], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } }).render().asPng();
  return { png, width: WIDTH, height: HEIGHT, svg };
}
