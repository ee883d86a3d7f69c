/**
 * Font stacks for MapLibre labels. The style has no `glyphs` URL, so MapLibre (≥ 5.11) draws every
 * glyph — CJK, Latin and digits alike — from these local CSS font families with TinySDF: labels
 * need no network. A weight word in the first name ("Bold") sets the weight.
 */
const FAMILIES = ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'];

export const FONT_REGULAR = ['Noto Sans CJK SC Regular', ...FAMILIES];
export const FONT_MEDIUM = ['Noto Sans CJK SC Medium', ...FAMILIES];
export const FONT_BOLD = ['Noto Sans CJK SC Bold', ...FAMILIES];
