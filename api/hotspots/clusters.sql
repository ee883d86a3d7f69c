-- Accident point clusters (事故多发点): DBSCAN on the stored metric geometry.
-- $1 from, $2 to (local dates, inclusive); $3 eps (m); $4 minPoints; $5 severities or NULL;
-- $6 night (true/false) or NULL; $7 jurisdiction codes to lie in (county, township) or NULL;
-- $8..$10 EPDO weights fatal, injury, property-only; $11 years of trend; $12 how many of the
-- top-ranked clusters to return (hull, 同比, profile and trend are built only for those).
-- Inside each cluster's hull, with the same filters, are counted: the same period a year earlier
-- (同比), and $11 consecutive 12-month periods ending at $2 for the Mann-Kendall trend.
WITH params AS (
  SELECT ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS t0,
         (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS t1,
         (($1::date - interval '1 year')::timestamp AT TIME ZONE 'Asia/Shanghai') AS p0,
         (($2::date + 1 - interval '1 year')::timestamp AT TIME ZONE 'Asia/Shanghai') AS p1,
         -- Trend periods (migration 0008): the last is the 12 months ending at $2.
         trend_bounds($2::date, $11::int) AS bounds
),
-- An accident must lie in every area asked for (county and township): an anti-join, after a
-- box test on the smallest area that the geom_m index answers.
areas AS (
  SELECT geom_m FROM jurisdictions WHERE code = ANY ($7::text[])
),
area_box AS (
  SELECT geom_m AS box FROM areas ORDER BY ST_Area(geom_m) LIMIT 1
),
candidates AS (
  SELECT a.id, a.occurred_at, a.severity, a.deaths, a.injuries, a.light, a.vehicle_types, a.geom_m
  FROM accidents a
  WHERE ($5::text[] IS NULL OR a.severity = ANY ($5))
    AND ($6::boolean IS NULL OR (a.light IN ('dark_lit', 'dark_unlit')) = $6)
    AND ($7::text[] IS NULL
         OR (a.geom_m && (SELECT box FROM area_box)
         AND NOT EXISTS (SELECT 1 FROM areas ar WHERE NOT ST_Intersects(ar.geom_m, a.geom_m))))
),
current_period AS (
  SELECT c.*, ST_ClusterDBSCAN(c.geom_m, eps := $3, minpoints := $4) OVER () AS cid
  FROM candidates c, params p
  WHERE c.occurred_at >= p.t0 AND c.occurred_at < p.t1
),
members AS (
  SELECT m.*,
    extract(hour FROM m.occurred_at AT TIME ZONE 'Asia/Shanghai')::int AS hour,
    extract(isodow FROM m.occurred_at AT TIME ZONE 'Asia/Shanghai')::int - 1 AS weekday -- 0 = Monday
  FROM current_period m
  WHERE m.cid IS NOT NULL
),
clusters AS (
  SELECT cid,
    count(*) AS n,
    count(*) FILTER (WHERE severity = 'fatal') AS fatal,
    count(*) FILTER (WHERE severity = 'injury') AS injury,
    count(*) FILTER (WHERE severity = 'pdo') AS pdo,
    sum(deaths) AS deaths,
    sum(injuries) AS injuries,
    sum(CASE severity WHEN 'fatal' THEN $8::float8 WHEN 'injury' THEN $9::float8 ELSE $10::float8 END) AS epdo,
    avg(CASE WHEN light IN ('dark_lit', 'dark_unlit') THEN 1.0 ELSE 0.0 END) AS night_share,
    array_agg(hour) AS hours,
    array_agg(weekday) AS weekdays,
    array_agg(id) AS ids,
    ST_Collect(geom_m) AS pts
  FROM members
  GROUP BY cid
),
ranked AS (
  SELECT c.*, row_number() OVER (ORDER BY c.epdo DESC, c.n DESC, c.cid) AS rank
  FROM clusters c
),
-- Materialised: inlined, hull_m stays an expression that the hull lookup below re-evaluates for
-- every accident it tests (a buffer per row: 200k crashes, 12 months, native: 0.86 → 0.56 s).
shaped AS MATERIALIZED (
  -- Concave hull for larger clusters; a few points (or points on a line) get a buffered convex
  -- hull. The half-eps buffer keeps every member point well inside its polygon.
  -- GEOS before 3.12.1 crashes the server process (segfault) on the concave hull of nearly
  -- collinear points (libgeos/geos#946, fixed by GH-953), and crashes along a road are just that:
  -- with such a GEOS (Debian 12's PostGIS 3.3 has 3.11.1) every cluster gets the convex hull.
  SELECT c.*,
    ST_Buffer(CASE WHEN c.n >= 10 AND g.concave_hull_safe THEN ST_ConcaveHull(c.pts, 0.5) ELSE ST_ConvexHull(c.pts) END, $3 / 2.0) AS hull_m
  FROM ranked c,
    (SELECT (regexp_match(postgis_geos_version(), '^(\d+)\.(\d+)\.(\d+)'))::int[] >= ARRAY[3, 12, 1] AS concave_hull_safe) g
  WHERE c.rank <= $12
)
SELECT json_build_object(
  'type', 'FeatureCollection',
  'meta', json_build_object('total', (SELECT count(*) FROM clusters), 'limit', $12::int),
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', r.rank,
    'geometry', ST_AsGeoJSON(ST_Transform(r.hull_m, 4326), 6)::json,
    'properties', json_build_object(
      'rank', r.rank,
      'count', r.n, 'fatal', r.fatal, 'injury', r.injury, 'pdo', r.pdo,
      'deaths', r.deaths, 'injuries', r.injuries,
      'epdo', r.epdo,
      'nightShare', round(r.night_share, 3),
      'centroid', (SELECT json_build_array(round(ST_X(g)::numeric, 6), round(ST_Y(g)::numeric, 6))
                   FROM ST_Transform(ST_Centroid(r.pts), 4326) AS g),
      'topVehicleTypes', veh.top_types,
      'previous', json_build_object('count', hull.prev_count, 'epdo', hull.prev_epdo),
      'change', CASE WHEN hull.prev_count = 0 THEN json_build_object('count', r.n, 'percent', NULL)
                     ELSE json_build_object('count', r.n - hull.prev_count,
                                            'percent', round(100.0 * (r.n - hull.prev_count) / hull.prev_count, 1)) END,
      'profile', json_build_object(
        'hour', counts_by(r.hours, 24),
        'weekday', counts_by(r.weekdays, 7),
        'vehicles', veh.all_types),
      'trend', trend_json((SELECT bounds FROM params), hull.buckets)
    )
  ) ORDER BY r.rank), '[]'::json)
)::text AS fc
FROM shaped r
-- Vehicle types by distinct accidents (a crash of two cars counts once for car), looked up by
-- primary key: a join of per-cluster lists to the clusters is planned as a nested loop (the
-- planner expects 200 clusters), quadratic in their number.
CROSS JOIN LATERAL (
  SELECT coalesce(json_agg(json_build_object('type', t.v, 'count', t.k) ORDER BY t.pos), '[]') AS all_types,
         coalesce(json_agg(json_build_object('type', t.v, 'count', t.k) ORDER BY t.pos) FILTER (WHERE t.pos <= 3), '[]') AS top_types
  FROM (SELECT v, count(DISTINCT a.id) AS k, row_number() OVER (ORDER BY count(DISTINCT a.id) DESC, v) AS pos
        FROM accidents a, unnest(a.vehicle_types) AS v
        WHERE a.id = ANY (r.ids)
        GROUP BY v) t
) veh
-- Every crash inside the hull, through the geom_m index: from the table, not the candidates CTE,
-- so the index finds the few rows. Time is left to the FILTERs: as a WHERE condition it tempts
-- the planner into AND-ing a bitmap of the occurred_at index, which covers most of the table —
-- per cluster (9 s of 11 for 12 months of 200k crashes on native PostgreSQL).
CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE cd.occurred_at >= q.p0 AND cd.occurred_at < q.p1) AS prev_count,
         coalesce(sum(CASE cd.severity WHEN 'fatal' THEN $8::float8 WHEN 'injury' THEN $9::float8 ELSE $10::float8 END)
                  FILTER (WHERE cd.occurred_at >= q.p0 AND cd.occurred_at < q.p1), 0) AS prev_epdo,
         -- The trend period of each crash, 1 … $11.
         coalesce(array_agg(width_bucket(cd.occurred_at, q.bounds))
                  FILTER (WHERE cd.occurred_at >= q.bounds[1] AND cd.occurred_at < q.t1), '{}') AS buckets
  FROM accidents cd, params q
  WHERE ST_Intersects(cd.geom_m, r.hull_m)
    AND ($5::text[] IS NULL OR cd.severity = ANY ($5))
    AND ($6::boolean IS NULL OR (cd.light IN ('dark_lit', 'dark_unlit')) = $6)
    AND ($7::text[] IS NULL OR (cd.geom_m && (SELECT box FROM area_box)
         AND NOT EXISTS (SELECT 1 FROM areas ar WHERE NOT ST_Intersects(ar.geom_m, cd.geom_m))))
) hull
