/**
 * `npx tsx scripts/make-icons.ts`: the installed app's icons (client/public/icons), drawn from one
 * SVG, the header's mark: 安 in white on the brand's blue. Rendered with resvg and Noto Sans SC
 * Bold (no system fonts), so the same PNGs come out on any machine; run again only when the mark
 * changes. The maskable icon keeps the glyph inside the central 80 % a launcher may crop to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const root = path.resolve(import.meta.dirname, '..');
const font = path.join(root, 'node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');
const BRAND = '#1d3557';

function mark(size: number, maskable: boolean): string {
  // Full bleed for a maskable icon (the launcher draws the shape); a rounded tile otherwise.
  const radius = maskable ? 0 : size * 0.18;
  const glyph = size * (maskable ? 0.5 : 0.62);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" rx="${radius}" fill="${BRAND}"/>
  <text x="50%" y="50%" dy="${glyph * 0.36}" text-anchor="middle" font-family="Noto Sans SC" font-weight="700" font-size="${glyph}" fill="#ffffff">安</text>
</svg>`;
}

const out = path.join(root, 'client/public/icons');
fs.mkdirSync(out, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
] as const) {
  const png = new Resvg(mark(size, maskable), { font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: 'Noto Sans SC' } }).render().asPng();
  fs.writeFileSync(path.join(out, name), png);
  console.log(`${name}: ${png.length} bytes`);
}
