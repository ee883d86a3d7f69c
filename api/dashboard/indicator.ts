/**
 * A feature's number on the leaders' dashboard and in the briefing (视距不足路口, 马路市场, 护学岗,
 * 第一盏灯 …): its own SQL, in its own folder, listed in indicator-registry.ts, so the dashboard
 * names no feature. The SQL gets $1 the area's code (the city, a county, a township) and the
 * period's China days [$2, $3), and answers one row: `value`, and `detail` for the `detail` line
 * (null when it has none). SQL that does not read the period still names $2 and $3 (as
 * `$2::date IS NOT NULL`): PostgreSQL must learn every parameter's type.
 */
export interface DashboardIndicator {
  id: string;
  name: string;
  nameEn: string;
  /** A second number under the first, e.g. 其中严重. */
  detail?: { name: string; nameEn: string };
  sql: string;
}

/**
 * `alias`'s row lies in area $1: everywhere for the city, else its county or township code. For an
 * indicator's SQL over a table that stores both (intersections, markets, schools, lights).
 */
export const inArea = (alias: string) =>
  `((SELECT level FROM jurisdictions WHERE code = $1) = 'city' OR ${alias}.county_code = $1 OR ${alias}.township_code = $1)`;
