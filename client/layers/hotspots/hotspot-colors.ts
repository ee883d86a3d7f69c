import type { Rgba } from '../accidents/severity';

/**
 * EPDO classes, the same for every run and both EPDO methods, so that a colour means the same
 * thing this month and next. Upper bounds of the first four classes; the fifth is open.
 * Purple-red (ColorBrewer RdPu) keeps hotspots apart from the accidents' red and orange.
 */
export const EPDO_BREAKS = [10, 20, 40, 80] as const;

export const EPDO_RAMP: readonly Rgba[] = [
  [250, 159, 181, 255],
  [247, 104, 161, 255],
  [221, 52, 151, 255],
  [174, 1, 126, 255],
  [100, 0, 100, 255],
];

export function epdoClass(epdo: number): number {
  const i = EPDO_BREAKS.findIndex((b) => epdo < b);
  return i < 0 ? EPDO_BREAKS.length : i;
}

export function epdoColor(epdo: number): Rgba {
  return EPDO_RAMP[epdoClass(epdo)];
}

/** Gi* bins −3…+3 (ColorBrewer RdBu): cold blue, not significant grey, hot red; 99 % darkest. */
export const GI_BINS = [3, 2, 1, 0, -1, -2, -3] as const;

const GI_COLOR: Record<number, Rgba> = {
  3: [178, 24, 43, 175],
  2: [214, 96, 77, 165],
  1: [244, 165, 130, 160],
  0: [150, 150, 150, 40],
  [-1]: [146, 197, 222, 160],
  [-2]: [67, 147, 195, 165],
  [-3]: [33, 102, 172, 175],
};

export function giColor(bin: number | undefined | null): Rgba {
  return GI_COLOR[Math.max(-3, Math.min(3, Math.round(bin ?? 0)))] ?? GI_COLOR[0];
}

export function withAlpha([r, g, b]: Rgba, alpha: number): Rgba {
  return [r, g, b, alpha];
}

export function rgbCss([r, g, b, a]: Rgba): string {
  return `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`;
}
