import type pg from 'pg';

/**
 * A hand-built world for school tests, in metres around a local origin (a field near 莘县), in
 * private copies of the tables (temporary tables come first on PostgreSQL's search path, and the
 * SQL functions look their tables up when they run), inside a transaction the test rolls back:
 * PGlite has one session for all connections, and the transaction keeps the copies from the other
 * test files meanwhile. The copies have no triggers: rows carry their own `geom_m`.
 */
export const PRIVATE_TABLES = [
  'roads', 'road_routes', 'intersections', 'approaches', 'sight_triangles', 'accidents', 'hazards',
  'schools', 'school_gates', 'guard_posts',
];

type Xy = [number, number];

export class SchoolWorld {
  x0 = 0;
  y0 = 0;
  private nextRoad = 1;

  constructor(readonly db: pg.ClientBase) {}

  /** Sets the origin (once per file). */
  async init(lon = 115.6, lat = 36.2) {
    const o = await this.db.query<{ x: number; y: number }>(
      `SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), metric_srid()) p`,
      [lon, lat],
    );
    ({ x: this.x0, y: this.y0 } = o.rows[0]);
  }

  /** Starts the test's transaction with empty private tables. */
  async begin(extra: string[] = []) {
    await this.db.query('BEGIN');
    for (const t of [...PRIVATE_TABLES, ...extra]) await this.db.query(`CREATE TEMP TABLE ${t} (LIKE public.${t} INCLUDING ALL) ON COMMIT DROP`);
  }

  rollback() {
    return this.db.query('ROLLBACK');
  }

  private wkt(points: Xy[]) {
    return `LINESTRING(${points.map(([x, y]) => `${this.x0 + x} ${this.y0 + y}`).join(', ')})`;
  }

  point([x, y]: Xy) {
    return `POINT(${this.x0 + x} ${this.y0 + y})`;
  }

  /** A road through local points; returns its id. */
  async road(points: Xy[], opts: { cls?: string; speed?: number | null; name?: string } = {}): Promise<number> {
    const id = this.nextRoad++;
    await this.db.query(
      `INSERT INTO roads (id, class, name, design_speed, urban, geom_m, geom)
       SELECT $1, $2, $3, $4, true, g, ST_Transform(g, 4326) FROM ST_GeomFromText($5, metric_srid()) g`,
      [id, opts.cls ?? 'urban_street', opts.name ?? `路${id}`, opts.speed === undefined ? 40 : opts.speed, this.wkt(points)],
    );
    return id;
  }

  /** A school at a local point with gates at local points (on roads: `road` names the one). */
  async school(at: Xy, gates: { at: Xy; road?: number; name?: string }[], name = '测试中学'): Promise<number> {
    const s = await this.db.query<{ id: number }>(
      `INSERT INTO schools (name, kind, county_code, source, geom_m, geom)
       SELECT $1, 'junior_middle', '371522', 'test', g, ST_Transform(g, 4326) FROM ST_GeomFromText($2, metric_srid()) g RETURNING id`,
      [name, this.point(at)],
    );
    const id = s.rows[0].id;
    for (const [i, g] of gates.entries()) {
      await this.db.query(
        `INSERT INTO school_gates (school_id, name, road_id, geom_m, geom)
         SELECT $1, $2, $3, g, ST_Transform(g, 4326) FROM ST_GeomFromText($4, metric_srid()) g`,
        [id, g.name ?? (i === 0 ? '正门' : '侧门'), g.road ?? null, this.point(g.at)],
      );
    }
    return id;
  }

  /** Routes from the roads (rebuild_road_routes(): it re-snaps the private, trigger-less accidents too). */
  async routes() {
    await this.db.query('SELECT rebuild_road_routes()');
  }
}
