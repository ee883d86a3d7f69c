export type Severity = 'fatal' | 'injury' | 'pdo';

/** Codes as stored in the binary flags (bits 0–1). */
export const SEVERITY_CODE: Record<Severity, number> = { fatal: 0, injury: 1, pdo: 2 };

/** Most severe first: the order of the legend and the checkboxes. */
export const SEVERITIES: readonly Severity[] = ['fatal', 'injury', 'pdo'];

export type Rgba = [number, number, number, number];

/** Fatal red, injury orange, property-only grey-blue: readable on the light base map and on Tianditu. */
export const SEVERITY_COLOR: Record<Severity, Rgba> = {
  fatal: [200, 30, 45, 255],
  injury: [240, 130, 30, 235],
  pdo: [95, 125, 160, 190],
};

export function severityFromCode(code: number): Severity {
  return code === 0 ? 'fatal' : code === 1 ? 'injury' : 'pdo';
}

export function cssColor([r, g, b, a]: Rgba): string {
  return `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`;
}
