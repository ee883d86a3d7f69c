import { latOf, lonOf, severityCodeOf, type AccidentColumns } from './decode-accidents';
import { SEVERITIES, SEVERITY_CODE, SEVERITY_COLOR, type Severity } from './severity';

/**
 * The accidents as deck.gl binary attributes, reordered so that fatal ones are drawn last
 * (on top), then injuries, then property-only. `ids[i]` is the accident of drawn row i.
 */
export interface AccidentRenderData {
  length: number;
  dayZero: number;
  /** Lowest and highest day index present (both 0 when empty). */
  firstDay: number;
  lastDay: number;
  ids: Uint32Array;
  positions: Float64Array;
  days: Float32Array;
  severity: Uint8Array;
  colors: Uint8Array;
  /** Prefix sums by severity code: accidents on days < d are `cumulative[code][d]`. */
  cumulative: [Uint32Array, Uint32Array, Uint32Array];
}

const DRAW_ORDER = [SEVERITY_CODE.pdo, SEVERITY_CODE.injury, SEVERITY_CODE.fatal];

export function toRenderData(columns: AccidentColumns): AccidentRenderData {
  const n = columns.count;
  const order = new Uint32Array(n);
  let next = 0;
  for (const code of DRAW_ORDER) {
    for (let i = 0; i < n; i++) if (severityCodeOf(columns.flags[i]) === code) order[next++] = i;
  }

  let lastDay = 0;
  let firstDay = n > 0 ? 0xffff : 0;
  for (let i = 0; i < n; i++) {
    if (columns.day[i] > lastDay) lastDay = columns.day[i];
    if (columns.day[i] < firstDay) firstDay = columns.day[i];
  }

  const ids = new Uint32Array(n);
  const positions = new Float64Array(2 * n);
  const days = new Float32Array(n);
  const severity = new Uint8Array(n);
  const colors = new Uint8Array(4 * n);
  const perDay = [new Uint32Array(lastDay + 2), new Uint32Array(lastDay + 2), new Uint32Array(lastDay + 2)];
  const palette = [0, 1, 2].map((code) => SEVERITY_COLOR[SEVERITIES.find((s) => SEVERITY_CODE[s] === code)!]);

  for (let row = 0; row < n; row++) {
    const i = order[row];
    const code = severityCodeOf(columns.flags[i]);
    ids[row] = columns.ids[i];
    positions[2 * row] = lonOf(columns, i);
    positions[2 * row + 1] = latOf(columns, i);
    days[row] = columns.day[i];
    severity[row] = code;
    colors.set(palette[code] ?? palette[2], 4 * row);
    perDay[code > 2 ? 2 : code][columns.day[i] + 1] += 1;
  }
  for (const counts of perDay) {
    for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
  }

  return {
    length: n,
    dayZero: columns.dayZero,
    firstDay,
    lastDay,
    ids,
    positions,
    days,
    severity,
    colors,
    cumulative: perDay as [Uint32Array, Uint32Array, Uint32Array],
  };
}

/** Per drawn row, 1 if its accident is one of `ids` (ascending): the accidents of an area. */
export function areaMask(data: AccidentRenderData, ids: Uint32Array): Uint8Array {
  const mask = new Uint8Array(data.length);
  for (let row = 0; row < data.length; row++) {
    const id = data.ids[row];
    let [lo, hi] = [0, ids.length - 1];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid] === id) {
        mask[row] = 1;
        break;
      }
      if (ids[mid] < id) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return mask;
}

/** Accidents within [fromDay, toDay] (inclusive) of the given severities (and in the area, with a mask). */
export function countShown(data: AccidentRenderData, fromDay: number, toDay: number, severities: readonly Severity[], inArea: Uint8Array | null = null): number {
  if (inArea) {
    const codes = severities.map((s) => SEVERITY_CODE[s]);
    let n = 0;
    for (let i = 0; i < data.length; i++) if (inArea[i] && data.days[i] >= fromDay && data.days[i] <= toDay && codes.includes(data.severity[i])) n++;
    return n;
  }
  const from = Math.max(0, Math.min(fromDay, data.lastDay + 1));
  const to = Math.max(-1, Math.min(toDay, data.lastDay));
  if (to < from) return 0;
  let total = 0;
  for (const s of severities) {
    const counts = data.cumulative[SEVERITY_CODE[s]];
    total += counts[to + 1] - counts[from];
  }
  return total;
}
