import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { buildNetwork } from '@api/intersections/analysis';
import { readGates, readZone } from '@api/schools/school-zone';
import { SchoolWorld } from '../support/school-world';

/** The zone (roads within 150 m of a gate) and a gate's distance to the nearest intersection, on hand-built roads. */
let db: pg.Client;
let w: SchoolWorld;

beforeAll(async () => {
  db = new pg.Client(inject('db').connection);
  await db.connect();
  w = new SchoolWorld(db);
  await w.init();
});
afterAll(() => db?.end());
beforeEach(() => w.begin());
afterEach(() => w.rollback());

/** Half the chord a circle of radius r cuts from a line d away from its centre. */
const halfChord = (r: number, d: number) => Math.sqrt(r * r - d * d);

describe('the zone: roads within 150 m of a gate', () => {
  it('takes 150 m each way along the gate’s road, the chord of a crossing road, nothing farther or fenced', async () => {
    const a = await w.road([[-400, 0], [400, 0]], { name: '学府路' });
    await w.road([[100, -400], [100, 400]], { name: '建设路' }); // crosses 100 m east of the gate
    await w.road([[-400, 200], [400, 200]], { name: '文化路' }); // 200 m north: out of reach
    await w.road([[-400, -60], [400, -60]], { name: 'G20', cls: 'expressway', speed: 120 }); // 60 m south, but fenced
    const id = await w.school([0, 30], [{ at: [0, 0], road: a }]);
    const zone = await readZone(db, id);
    // 300 m of 学府路 and the chord of 建设路 at 100 m: 2·√(150² − 100²) = 223.6 m.
    const expected = 300 + 2 * halfChord(150, 100);
    expect(expected).toBeCloseTo(523.61, 2);
    // The buffer is a 128-gon (within 5 cm of the circle): the chord comes out a few centimetres short.
    expect(zone.length).toBeGreaterThan(expected - 0.2);
    expect(zone.length).toBeLessThanOrEqual(expected + 0.05);
    expect(zone.radius).toBe(150);
    expect(zone.geometry?.type).toBe('MultiLineString');
    expect(zone.roads.map((r) => [r.name, r.class, r.designSpeed, Math.round(r.length)])).toEqual([
      ['学府路', 'urban_street', 40, 300],
      ['建设路', 'urban_street', 40, 224],
    ]);
    expect(zone.maxDesignSpeed).toBe(40);
  });

  it('joins the circles of two gates, counting a road they share once', async () => {
    const a = await w.road([[-400, 0], [400, 0]], { name: '学府路' });
    const b = await w.road([[100, -400], [100, 400]], { name: '建设路' });
    await w.road([[-400, 200], [400, 200]], { name: '文化路' });
    const id = await w.school([50, 50], [{ at: [0, 0], road: a }, { at: [100, 300], road: b }]);
    const zone = await readZone(db, id);
    // 学府路 300; 建设路 the chord [−111.8, 111.8] of the first gate and [150, 400] of the second (its end);
    // 文化路 the second gate's chord at 100 m (223.6). The first gate's circle stops short of 文化路 (200 m).
    const expected = 300 + (2 * halfChord(150, 100) + 250) + 2 * halfChord(150, 100);
    expect(expected).toBeCloseTo(997.21, 2);
    expect(zone.length).toBeGreaterThan(expected - 0.3);
    expect(zone.length).toBeLessThanOrEqual(expected + 0.05);
    expect(zone.roads.map((r) => [r.name, Math.round(r.length)])).toEqual([['建设路', 474], ['学府路', 300], ['文化路', 224]]);
  });

  it('is empty, not an error, for a school with no road in reach', async () => {
    const id = await w.school([0, 0], [{ at: [0, 0] }]);
    await w.road([[-400, 500], [400, 500]]);
    expect(await readZone(db, id)).toEqual({ radius: 150, length: 0, maxDesignSpeed: null, geometry: null, roads: [] });
  });
});

describe('a gate’s distance to the nearest intersection, along its road', () => {
  it('follows the road round its bends, so the nearest by road is not the nearest as the crow flies', async () => {
    // 学府路 runs east from the gate, turns north for 80 m, then east again; 建设路 crosses it at (200, 80),
    // 文化路 at (−250, 0). Along the road: 建设路 60 + 80 + 140 = 280 m, 文化路 250 m; straight: 215 m and 250 m.
    const a = await w.road([[-400, 0], [60, 0], [60, 80], [400, 80]], { name: '学府路' });
    await w.road([[200, -200], [200, 300]], { name: '建设路' });
    await w.road([[-250, -200], [-250, 200]], { name: '文化路' });
    await w.routes();
    expect(await buildNetwork(db)).toBe(2);
    const id = await w.school([0, -40], [{ at: [0, 0], road: a }]);
    const [gate] = await readGates(db, id);
    expect(Math.hypot(200, 80)).toBeCloseTo(215.4, 1);
    expect(gate.nearestIntersection).toMatchObject({ kind: 'four', distance: 250 });
    expect(gate.intersectionFarEnough).toBe(true);
    expect(gate.road).toMatchObject({ id: a, name: '学府路', class: 'urban_street', designSpeed: 40, designSpeedFrom: 'road' });
  });

  it('says 100 m is not enough (the standard wants more), and gives none on a road without intersections', async () => {
    const a = await w.road([[-400, 0], [400, 0]], { name: '学府路' });
    await w.road([[100, -400], [100, 400]], { name: '建设路' });
    const lone = await w.road([[-400, 1000], [400, 1000]], { name: '环湖路', speed: null, cls: 'township' });
    await w.routes();
    await buildNetwork(db);
    const id = await w.school([0, 500], [{ at: [0, 0], road: a }, { at: [30, 1000], road: lone }]);
    const [main, side] = await readGates(db, id);
    expect(main.nearestIntersection?.distance).toBe(100);
    expect(main.intersectionFarEnough).toBe(false);
    expect(side).toMatchObject({ name: '侧门', nearestIntersection: null, intersectionFarEnough: null });
    // A road without a speed of its own takes its class default (township 40 km/h).
    expect(side.road).toMatchObject({ designSpeed: 40, designSpeedFrom: 'class' });
  });
});
