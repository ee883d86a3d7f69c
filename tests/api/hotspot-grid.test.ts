import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app';

// The 2013 hexagon hot spot of tests/support/fixtures.sql (external_id GI-…): in 1 000 m cells,
// 8 crashes in one cell, 3 in each of its six neighbours, 1 in each of four cells farther out.
// The test recomputes Gi* here from the cells the API returns — their counts, and their centres
// measured from the returned polygons — with its own distance band, mean, deviation and normal
// tail, and checks the counts against the fixture points by point-in-polygon.
let t: Awaited<ReturnType<typeof createTestApp>>;
let fixtures: { id: string; severity: string; light: string; at: string; lon: number; lat: number }[];
beforeAll(async () => {
  t = await createTestApp();
  const r = await t.pool.query(
    `SELECT external_id AS id, severity, light, (occurred_at AT TIME ZONE 'Asia/Shanghai')::date::text AS at,
            ST_X(geom) AS lon, ST_Y(geom) AS lat
     FROM accidents WHERE external_id LIKE 'GI-%' ORDER BY external_id`,
  );
  fixtures = r.rows;
});
afterAll(() => t.close());

interface CellProps {
  i: number;
  j: number;
  count: number;
  gi: number | null;
  p: number | null;
  bin: number;
  binFdr?: number;
  neighbours: number;
}
type Cell = Feature<Polygon, CellProps>;
interface Grid extends FeatureCollection<Polygon, CellProps> {
  features: Cell[];
  meta: { cell: number; distance: number; cells: number; mean: number; sd: number; fdr: boolean; from: string; to: string };
}

const BOX = 'bbox=116.05,36.365,116.15,36.435';
const HOT = `from=2013-01-01&to=2013-12-31&${BOX}&cell=1000`;

async function grid(q: string): Promise<Grid> {
  const res = await t.app.request(`/api/hotspots/grid?${q}`);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
  return res.json();
}

/** erfc to ~1e-13 relative: the Taylor series of erf below 2, a continued fraction above. */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    let sum = 0;
    let power = x; // (−1)ⁿ x²ⁿ⁺¹ / n!
    for (let n = 0; n < 60; n++) {
      sum += power / (2 * n + 1);
      power *= (-x * x) / (n + 1);
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = x; // x + (1/2)/(x + 1/(x + (3/2)/(x + …)))
  for (let k = 300; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}
const twoSidedP = (z: number) => erfc(Math.abs(z) / Math.SQRT2);
/** ±3, ±2, ±1 below p = 0.01, 0.05, 0.10 (`+ 0` turns −0 into 0). */
const signed = (z: number, level: number) => Math.sign(z) * level + 0;
const binOf = (z: number, p: number) => signed(z, p < 0.01 ? 3 : p < 0.05 ? 2 : p < 0.1 ? 1 : 0);

/** Cell centres in the metric CRS, measured from the returned polygons by PostGIS. */
async function centres(fc: Grid): Promise<[number, number][]> {
  const r = await t.pool.query(
    `SELECT ST_X(c) AS x, ST_Y(c) AS y
     FROM unnest($1::text[]) WITH ORDINALITY AS g(js, k),
          LATERAL (SELECT ST_Centroid(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(g.js), 4326), metric_srid())) AS c) m
     ORDER BY g.k`,
    [fc.features.map((f) => JSON.stringify(f.geometry))],
  );
  return r.rows.map((row) => [row.x, row.y]);
}

/** Gi* with binary weights within `distance` (self included), by the book (Ord & Getis 1995). */
function handGiStar(counts: number[], xy: [number, number][], distance: number) {
  const n = counts.length;
  const mean = counts.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(counts.reduce((a, b) => a + b * b, 0) / n - mean * mean);
  return counts.map((_, i) => {
    let w = 0;
    let wx = 0;
    for (let j = 0; j < n; j++) {
      if (Math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]) <= distance) {
        w += 1;
        wx += counts[j];
      }
    }
    const z = (wx - mean * w) / (sd * Math.sqrt((n * w - w * w) / (n - 1)));
    const p = twoSidedP(z);
    return { w, z, p, bin: binOf(z, p), mean, sd };
  });
}

/** Benjamini-Hochberg per confidence level, as ArcGIS's Hot Spot Analysis applies it. */
function handFdrBins(zs: number[], ps: number[]): number[] {
  const m = ps.length;
  const sorted = [...ps].sort((a, b) => a - b);
  const critical = (alpha: number) => {
    let c = -1;
    sorted.forEach((p, k) => {
      if (p <= ((k + 1) / m) * alpha) c = p;
    });
    return c;
  };
  const [c01, c05, c10] = [critical(0.01), critical(0.05), critical(0.1)];
  return ps.map((p, i) => signed(zs[i], p < 0.01 && p <= c01 ? 3 : p < 0.05 && p <= c05 ? 2 : p < 0.1 && p <= c10 ? 1 : 0));
}

const inside = (f: Cell, pts: typeof fixtures) => pts.filter((a) => booleanPointInPolygon([a.lon, a.lat], f.geometry)).length;
const hotCentre = (fc: Grid) => fc.features.find((f) => booleanPointInPolygon([fixtures[0].lon, fixtures[0].lat], f.geometry))!;

describe('GET /api/hotspots/grid', () => {
  it('returns every cell of the box with cells=all, covering it, with counts by point-in-polygon', async () => {
    const fc = await grid(`${HOT}&cells=all`);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBe(fc.meta.cells);
    // FDR is on unless asked off: the default a planner should see.
    expect(fc.meta).toMatchObject({ cell: 1000, distance: 2000, fdr: true, from: '2013-01-01', to: '2013-12-31' });
    expect(fc.meta.cells).toBeGreaterThan(30);

    const r = await t.pool.query(
      `SELECT ST_Covers(ST_Union(g), ST_MakeEnvelope(116.05, 36.365, 116.15, 36.435, 4326)) AS covers,
              bool_and(ST_Intersects(g, ST_MakeEnvelope(116.05, 36.365, 116.15, 36.435, 4326))) AS all_touch,
              bool_and(ST_NPoints(g) = 7) AS hexagons
       FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(js), 4326) AS g FROM unnest($1::text[]) AS js) x`,
      [fc.features.map((f) => JSON.stringify(f.geometry))],
    );
    expect(r.rows[0]).toEqual({ covers: true, all_touch: true, hexagons: true });

    for (const f of fc.features) {
      expect(f.properties.count, `cell ${f.id}`).toBe(inside(f, fixtures));
      expect(f.id).toBe(`${f.properties.i}:${f.properties.j}`);
    }
    // Every fixture point is counted once (GI-S4 is just outside the box, in a cell that reaches in).
    expect(fc.features.reduce((s, f) => s + f.properties.count, 0)).toBe(fixtures.length);
    expect(hotCentre(fc).properties.count).toBe(8);
  });

  it.each([2000, 3500])('gives the Gi* z, p, neighbours and bins computed by hand (distance %i m)', async (distance) => {
    const fc = await grid(`${HOT}&cells=all&distance=${distance}`);
    const xy = await centres(fc);
    const hand = handGiStar(fc.features.map((f) => f.properties.count), xy, distance);
    expect(fc.meta.mean).toBeCloseTo(hand[0].mean, 12);
    expect(fc.meta.sd).toBeCloseTo(hand[0].sd, 12);
    fc.features.forEach((f, k) => {
      const h = hand[k];
      const p = f.properties;
      expect(p.neighbours, `cell ${f.id}`).toBe(h.w);
      expect(Math.abs(p.gi! - h.z), `gi of ${f.id}: ${p.gi} vs ${h.z}`).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(Math.abs(p.p! - h.p) / h.p, `p of ${f.id}: ${p.p} vs ${h.p}`).toBeLessThan(1e-6);
      expect(p.bin, `bin of ${f.id} (p = ${h.p})`).toBe(h.bin);
    });
    // The first ring (1 732 m) holds 7 cells with the cell itself; 3 500 m adds the second ring.
    expect(hotCentre(fc).properties.neighbours).toBe(distance === 2000 ? 7 : 19);
  });

  it('marks the centre of the cluster and its ring as hot spots at 99 %', async () => {
    const fc = await grid(`${HOT}&cells=all`);
    const centre = hotCentre(fc);
    expect(centre.id).toBe('13613:2326'); // the fixture's cell, from its documented (i, j)
    expect(centre.properties.bin).toBe(3);
    expect(centre.properties.gi).toBeGreaterThan(5);
    const ring = fc.features.filter((f) => f.properties.count === 3);
    expect(ring).toHaveLength(6);
    for (const f of ring) expect(f.properties.bin).toBe(3);
    // No cold spots: with a mean below one crash per cell, an empty neighbourhood is not unusual.
    expect(fc.features.every((f) => f.properties.bin >= 0)).toBe(true);
  });

  it('returns cells with crashes or a non-zero bin by default, the same as in cells=all', async () => {
    const all = await grid(`${HOT}&cells=all`);
    const some = await grid(HOT);
    const expected = all.features.filter((f) => f.properties.count > 0 || f.properties.bin !== 0);
    expect(some.features).toEqual(expected);
    expect(some.features.length).toBeLessThan(all.features.length);
    expect(some.meta.cells).toBe(all.meta.cells);
  });

  it.each([2000, 3500])('applies Benjamini-Hochberg per confidence level by default, only ever lowering bins; fdr=false leaves it out (distance %i m)', async (distance) => {
    const plain = await grid(`${HOT}&cells=all&distance=${distance}&fdr=false`);
    const fc = await grid(`${HOT}&cells=all&distance=${distance}`);
    expect(fc.meta.fdr).toBe(true);
    expect(plain.features[0].properties.binFdr).toBeUndefined();
    const expected = handFdrBins(
      fc.features.map((f) => f.properties.gi!),
      fc.features.map((f) => f.properties.p!),
    );
    fc.features.forEach((f, k) => {
      const { bin, binFdr } = f.properties;
      expect(bin).toBe(plain.features[k].properties.bin);
      expect(binFdr, `binFdr of ${f.id}`).toBe(expected[k]);
      expect(Math.abs(binFdr!)).toBeLessThanOrEqual(Math.abs(bin));
      if (binFdr !== 0) expect(Math.sign(binFdr!)).toBe(Math.sign(bin));
    });
    const ring = fc.features.filter((f) => f.properties.count === 3);
    if (distance === 2000) {
      // The ring drops from 99 % to 95 %; the centre (p ≈ 1.5e-7) stays at 99 %.
      expect(hotCentre(fc).properties.binFdr).toBe(3);
      expect(ring.map((f) => f.properties.binFdr)).toEqual([2, 2, 2, 2, 2, 2]);
    } else {
      // Bins of all three levels before; only the ring keeps 90 %, the 95 % and 90 % cells drop out.
      expect(new Set(fc.features.map((f) => f.properties.bin))).toEqual(new Set([0, 1, 2, 3]));
      expect(ring.map((f) => f.properties.binFdr)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(fc.features.filter((f) => f.properties.count !== 3).every((f) => f.properties.binFdr === 0)).toBe(true);
    }
  });

  it('counts only the crashes that pass the filters (severity, night, dates)', async () => {
    const check = async (q: string, keep: (a: (typeof fixtures)[number]) => boolean, centre: number) => {
      const fc = await grid(`${BOX}&cell=1000&cells=all&${q}`);
      const pts = fixtures.filter(keep);
      for (const f of fc.features) expect(f.properties.count, `${q}, cell ${f.id}`).toBe(inside(f, pts));
      expect(hotCentre(fc).properties.count).toBe(centre);
    };
    const year = 'from=2013-01-01&to=2013-12-31';
    await check(`${year}&severity=fatal,injury`, (a) => a.severity !== 'pdo', 5);
    await check(`${year}&severity=pdo`, (a) => a.severity === 'pdo', 3);
    await check(`${year}&night=true`, (a) => a.light === 'dark_lit' || a.light === 'dark_unlit', 2);
    await check('from=2013-01-01&to=2013-12-30', (a) => a.at <= '2013-12-30', 7); // GI-C-4: 23:30 on 31 Dec, local
  });

  it('takes its study area from the county (or township) and clips it to the box', async () => {
    const r = await t.pool.query(
      `SELECT code FROM jurisdictions WHERE level = 'county' AND ST_Contains(geom, ST_MakeEnvelope(116.05, 36.365, 116.15, 36.435, 4326))`,
    );
    const home = r.rows[0].code;
    const other = (await t.pool.query(`SELECT code FROM jurisdictions WHERE level = 'county' AND code <> $1 LIMIT 1`, [home])).rows[0].code;
    const city = await grid(`${HOT}&cells=all`);
    expect(await grid(`${HOT}&cells=all&county=${home}`)).toEqual(city);
    const elsewhere = await grid(`${HOT}&cells=all&county=${other}`);
    expect(elsewhere.features).toEqual([]);
    expect(elsewhere.meta.cells).toBe(0);
  });

  it('covers the whole city without a box, counting every crash of the window once', async () => {
    const fc = await grid('cell=5000&cells=all');
    const r = await t.pool.query(
      `SELECT count(*)::int AS n FROM accidents a, jurisdictions c
       WHERE c.level = 'city' AND ST_Intersects(c.geom, a.geom)
         AND a.occurred_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND a.occurred_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`,
      [fc.meta.from, fc.meta.to],
    );
    expect(r.rows[0].n).toBeGreaterThan(100);
    expect(fc.features.reduce((s, f) => s + f.properties.count, 0)).toBe(r.rows[0].n);
    expect(fc.features.length).toBe(fc.meta.cells);
    expect(fc.meta.cells).toBeGreaterThan(100); // ≈ 8 600 km² / 65 km² a cell, plus the edge
  });

  it('refuses more hexagons or pairs than one request may weigh, naming cell or distance, and takes the same cells over a county', async () => {
    const whole = await t.app.request('/api/hotspots/grid?cell=100');
    expect(whole.status).toBe(400);
    const e = (await whole.json()).error;
    expect(e.details[0]).toMatchObject({ param: 'cell', rule: 'too_many_cells' });
    expect(e.message).toMatch(/about [\d,]+ hexagons; at most 50,000/);
    const band = await t.app.request('/api/hotspots/grid?cell=500&distance=10000');
    expect(band.status).toBe(400);
    expect((await band.json()).error.details[0]).toMatchObject({ param: 'distance', rule: 'too_many_pairs' });
    // 100 m cells over one county (~1 000 km²) are within the limit.
    const county = (await t.pool.query(`SELECT code FROM jurisdictions WHERE level = 'county' ORDER BY ST_Area(geom) LIMIT 1`)).rows[0].code;
    expect((await t.app.request(`/api/hotspots/grid?cell=100&county=${county}`)).status).toBe(200);
  });

  it('returns an empty collection when every cell has the same count (a period with no crashes)', async () => {
    const fc = await grid(`from=2003-01-01&to=2003-12-31&${BOX}&cell=1000&cells=all`);
    expect(fc.features).toEqual([]);
    expect(fc.meta).toMatchObject({ cells: 38, mean: 0, sd: 0 });
    expect((await grid('from=2003-01-01&to=2003-12-31&cell=5000')).features).toEqual([]);
  });

  it.each([
    ['cell=99', 'cell', /at least 100/],
    ['cell=5001', 'cell', /at most 5000/],
    ['cell=1.5', 'cell', /whole number/],
    ['cell=abc', 'cell', /number/],
    ['distance=866', 'distance', /at least 866\.03 m/],
    ['cell=1000&distance=1500', 'distance', /at least 1732\.06 m/],
    ['distance=10001', 'distance', /at most 10000 m/],
    ['distance=far', 'distance', /number/],
    ['fdr=yes', 'fdr', /true or false/],
    ['cells=some', 'cells', /nonzero or all/],
    ['bbox=116,36,117', 'bbox', /four numbers/],
    ['bbox=10,10,11,11', 'bbox', /outside Liaocheng/],
    ['night=maybe', 'night', /true or false/],
    ['county=999999', 'county', /no county with code 999999/],
    ['from=2013-02-01&to=2013-01-01', 'from', /after to/],
  ])('rejects %s with a 400 naming %s', async (q, param, reason) => {
    const res = await t.app.request(`/api/hotspots/grid?${q}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.details[0].param).toBe(param);
    expect(body.error.details[0].reason).toMatch(reason);
  });
});
