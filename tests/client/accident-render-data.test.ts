import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, dayToIso, filterFromQuery, filterQuery, isoToDay, resolveTimeRange } from '@client/layers/accidents/accident-filter';
import { areaMask, countShown, toRenderData } from '@client/layers/accidents/accident-render-data';
import { decodeAccidents } from '@client/layers/accidents/decode-accidents';
import { buildAccidentLayers, buildFatalOnTop } from '@client/layers/accidents/accidents-layer';
import { SEVERITY_CODE, SEVERITY_COLOR } from '@client/layers/accidents/severity';
import { buildAccidentsBuffer } from './accidents-binary';

const FATAL = 0;
const INJURY = 1;
const PDO = 2;
// Time-ordered, as the API sends them; severities mixed.
const rows = [
  { id: 1, x: 0, y: 0, day: 0, hour: 1, flags: FATAL },
  { id: 2, x: 100, y: 100, day: 10, hour: 2, flags: PDO },
  { id: 3, x: 200, y: 200, day: 10, hour: 3, flags: INJURY },
  { id: 4, x: 300, y: 300, day: 400, hour: 4, flags: PDO },
  { id: 5, x: 400, y: 400, day: 800, hour: 5, flags: FATAL },
];
const data = toRenderData(decodeAccidents(buildAccidentsBuffer(rows, { dayZero: 19_000 })));

describe('toRenderData', () => {
  it('draws property-only first and fatal last, so fatal accidents are on top', () => {
    expect([...data.ids]).toEqual([2, 4, 3, 1, 5]);
    expect([...data.severity]).toEqual([PDO, PDO, INJURY, FATAL, FATAL]);
    expect([...data.colors.slice(12, 16)]).toEqual(SEVERITY_COLOR.fatal);
  });

  it("keeps each row's day with its accident", () => {
    expect([...data.days]).toEqual([10, 400, 10, 0, 800]);
    expect(data.firstDay).toBe(0);
    expect(data.lastDay).toBe(800);
  });
});

describe('countShown', () => {
  it('counts by inclusive day range and severity without a refetch', () => {
    expect(countShown(data, 0, 800, ['fatal', 'injury', 'pdo'])).toBe(5);
    expect(countShown(data, 10, 10, ['fatal', 'injury', 'pdo'])).toBe(2);
    expect(countShown(data, 0, 800, ['fatal'])).toBe(2);
    expect(countShown(data, 1, 799, ['fatal'])).toBe(0);
    expect(countShown(data, 0, 800, [])).toBe(0);
    expect(countShown(data, 500, 100, ['pdo'])).toBe(0);
  });

  it("counts only an area's accidents with its mask (a map opened from a dashboard number)", () => {
    const mask = areaMask(data, Uint32Array.from([1, 3, 4]));
    expect([...mask]).toEqual([0, 1, 1, 1, 0]); // rows: ids 2, 4, 3, 1, 5
    expect(countShown(data, 0, 800, ['fatal', 'injury', 'pdo'], mask)).toBe(3);
    expect(countShown(data, 10, 800, ['fatal', 'injury', 'pdo'], mask)).toBe(2);
    expect(countShown(data, 0, 800, ['fatal'], mask)).toBe(1);
    expect(countShown(data, 0, 800, ['pdo'], areaMask(data, new Uint32Array()))).toBe(0);
  });
});

describe('the accident filter in the map URL', () => {
  it('reads from/to, a preset and severities, and writes back only what differs from the default', () => {
    const dayZero = 19_000; // 2022-01-08
    const custom = filterFromQuery(new URLSearchParams('from=2022-01-18&to=2023-02-12&sev=fatal,injury'), dayZero);
    expect(custom).toEqual({ time: { kind: 'custom', fromDay: 10, toDay: 400 }, severities: ['fatal', 'injury'] });
    expect(filterQuery(custom, dayZero)).toEqual({ from: '2022-01-18', to: '2023-02-12', time: null, sev: 'fatal,injury' });
    expect(filterFromQuery(new URLSearchParams('time=last3y'), dayZero)).toEqual({ time: { kind: 'preset', preset: 'last3y' }, severities: DEFAULT_FILTER.severities });
    // Nonsense is the default: a reversed range, a bad date, an unknown preset; an empty sev shows none.
    expect(filterFromQuery(new URLSearchParams('from=2023-01-01&to=2022-01-01&time=forever'), dayZero)).toEqual(DEFAULT_FILTER);
    expect(filterFromQuery(new URLSearchParams('from=2023-13-01&to=2024-01-01'), dayZero).time).toEqual(DEFAULT_FILTER.time);
    expect(filterFromQuery(new URLSearchParams('sev=none'), dayZero).severities).toEqual([]);
    expect(filterQuery(DEFAULT_FILTER, dayZero)).toEqual({ from: null, to: null, time: null, sev: null });
  });
});

describe('time ranges', () => {
  it('round-trips day indices and local dates', () => {
    expect(dayToIso(19_000, 0)).toBe('2022-01-08');
    expect(isoToDay(19_000, '2022-01-08')).toBe(0);
    expect(isoToDay(19_000, 'not a date')).toBeNull();
  });

  it('counts presets back from the newest accident, and "all" spans the data', () => {
    const dayZero = isoToDay(0, '2000-01-01')!;
    const span = { dayZero, firstDay: isoToDay(dayZero, '2021-01-01')!, lastDay: isoToDay(dayZero, '2025-06-30')! };
    const year = resolveTimeRange({ kind: 'preset', preset: 'last12m' }, span);
    expect(dayToIso(dayZero, year.fromDay)).toBe('2024-07-01');
    expect(dayToIso(dayZero, year.toDay)).toBe('2025-06-30');
    const three = resolveTimeRange({ kind: 'preset', preset: 'last3y' }, span);
    expect(dayToIso(dayZero, three.fromDay)).toBe('2022-07-01');
    expect(resolveTimeRange({ kind: 'preset', preset: 'all' }, span)).toEqual({ fromDay: span.firstDay, toDay: span.lastDay });
    const short = { ...span, firstDay: isoToDay(dayZero, '2025-01-01')! };
    expect(resolveTimeRange({ kind: 'preset', preset: 'last3y' }, short).fromDay).toBe(short.firstDay);
    expect(DEFAULT_FILTER.severities).toEqual(['fatal', 'injury', 'pdo']);
  });
});

describe('the fatal accidents drawn again on top', () => {
  const input = (inArea: Uint8Array | null) => ({
    data,
    filter: { fromDay: 0, toDay: 800, severities: ['fatal', 'injury', 'pdo'] as const },
    inArea,
    selectedId: null,
    onClick: () => undefined,
    shown: true,
  });
  const build = (inArea: Uint8Array | null) => {
    const [layer] = buildFatalOnTop({ visible: true, locale: 'zh', basemap: 'standard', input: input(inArea), dimmed: false } as never);
    return layer.props.data as unknown as { length: number; attributes: Record<string, { value: Float64Array | Float32Array | Uint8Array }> };
  };

  it('gets the fatal rows alone, each with its own place, colour and day', () => {
    const fatal = build(null);
    expect(fatal.length).toBe(2);
    const rowsOf = [3, 4]; // data's rows of ids 1 and 5
    expect([...fatal.attributes.getPosition.value]).toEqual(rowsOf.flatMap((r) => [data.positions[2 * r], data.positions[2 * r + 1]]));
    expect([...fatal.attributes.getFillColor.value]).toEqual([...SEVERITY_COLOR.fatal, ...SEVERITY_COLOR.fatal]);
    expect([...fatal.attributes.getFilterValue.value]).toEqual([0, 1, 800, 1]);
  });

  it("runs the accidents layer's own program: the same filters, each of its rows' category fatal", () => {
    // Another set of filters is another shader program, compiled and linked before the first frame
    // with accidents (without a GPU, a few hundred milliseconds of the phone's first load).
    const ctx = { visible: true, locale: 'zh', basemap: 'standard', input: input(null), dimmed: false } as never;
    const [all] = buildAccidentLayers(ctx);
    const [top] = buildFatalOnTop(ctx);
    const opts = (layer: typeof all) => (layer.props.extensions as { opts: unknown }[]).map((e) => e.opts);
    expect(opts(top)).toEqual(opts(all));
    expect([...build(null).attributes.getFilterCategory.value]).toEqual([SEVERITY_CODE.fatal, SEVERITY_CODE.fatal]);
    expect((top.props as { filterCategories?: unknown }).filterCategories).toEqual([SEVERITY_CODE.fatal]);
  });

  it("keeps a map link's area: a fatal crash outside it is filtered out", () => {
    const mask = Uint8Array.from([1, 1, 1, 0, 1]);
    expect([...build(mask).attributes.getFilterValue.value]).toEqual([0, 0, 800, 1]);
    expect(build(mask)).toBe(build(mask));
  });
});
