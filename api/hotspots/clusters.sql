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
  SELECT a.id, a.occurred_at, a.severity, a.deaths, a.injuries, a.light, a.vehicle_types, a.geom_m, a.snap_route_id, a.snap_m
  FROM accidents a
  WHERE ($5::text[] IS NULL OR a.severity = ANY ($5))
    AND ($6::boolean IS NULL OR (a.light IN ('dark_lit', 'dark_unlit')) = $6)
    AND ($7::text[] IS NULL
         OR (a.geom_m && (SELECT box FROM area_box)
         AND NOT EXISTS (SELECT 1 FROM areas ar WHERE NOT ST_Intersects(ar.geom_m, a.geom_m))))
),
-- DBSCAN takes the crashes in their order along the roads (stored snap position; crashes off
-- every road last): neighbours arrive together and it runs a third faster than in time order
-- (200k crashes, native). A border point within reach of two clusters joins the one found first,
-- so this order, like any, decides those few.
current_period AS (
  SELECT c.*, ST_ClusterDBSCAN(c.geom_m, eps := $3, minpoints := $4) OVER (ORDER BY c.snap_route_id, c.snap_m) AS cid
  FROM candidates c, params p
  WHERE c.occurred_at >= p.t0 AND c.occurred_at < p.t1
),
-- Kept (materialised): ranking reads every member, the profile only the returned clusters'.
members AS MATERIALIZED (
  SELECT m.id, m.cid, m.occurred_at, m.severity, m.deaths, m.injuries, m.light, m.vehicle_types, m.geom_m
  FROM current_period m
  WHERE m.cid IS NOT NULL
),
ranked AS (
  SELECT c.*, row_number() OVER (ORDER BY c.epdo DESC, c.n DESC, c.cid) AS rank
  FROM (SELECT cid, n, fatal, injury, epdo(fatal, injury, n - fatal - injury, $8, $9, $10) AS epdo
        FROM (SELECT cid, count(*) AS n,
                     count(*) FILTER (WHERE severity = 'fatal') AS fatal,
                     count(*) FILTER (WHERE severity = 'injury') AS injury
              FROM members GROUP BY cid) k) c
),
top AS MATERIALIZED (
  SELECT * FROM ranked WHERE rank <= $12
),
-- Everything else about a cluster, for the returned ones only.
clusters AS (
  SELECT t.cid, t.rank, t.n, t.fatal, t.injury, t.epdo,
    count(*) FILTER (WHERE m.severity = 'pdo') AS pdo,
    sum(m.deaths) AS deaths,
    sum(m.injuries) AS injuries,
    avg(CASE WHEN m.light IN ('dark_lit', 'dark_unlit') THEN 1.0 ELSE 0.0 END) AS night_share,
    array_agg(extract(hour FROM m.occurred_at AT TIME ZONE 'Asia/Shanghai')::int) AS hours,
    array_agg(extract(isodow FROM m.occurred_at AT TIME ZONE 'Asia/Shanghai')::int - 1) AS weekdays, -- 0 = Monday
    ST_Collect(m.geom_m) AS pts
  FROM top t JOIN members m ON m.cid = t.cid
  GROUP BY t.cid, t.rank, t.n, t.fatal, t.injury, t.epdo
),
-- Vehicle types by distinct accidents (a crash of two cars counts once for car).
vehicles AS (
  SELECT cid,
         json_agg(json_build_object('type', v, 'count', k) ORDER BY pos) AS all_types,
         json_agg(json_build_object('type', v, 'count', k) ORDER BY pos) FILTER (WHERE pos <= 3) AS top_types
  FROM (SELECT m.cid, v, count(DISTINCT m.id) AS k,
               row_number() OVER (PARTITION BY m.cid ORDER BY count(DISTINCT m.id) DESC, v) AS pos
        FROM top t JOIN members m ON m.cid = t.cid, unnest(m.vehicle_types) AS v
        GROUP BY m.cid, v) per_type
  GROUP BY cid
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
  FROM clusters c,
    (SELECT (regexp_match(postgis_geos_version(), '^(\d+)\.(\d+)\.(\d+)'))::int[] >= ARRAY[3, 12, 1] AS concave_hull_safe) g
)
SELECT json_build_object(
  'type', 'FeatureCollection',
  'meta', json_build_object('total', (SELECT count(*) FROM ranked), 'limit', $12::int),
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
      'topVehicleTypes', coalesce(veh.top_types, '[]'),
      'previous', json_build_object('count', hull.prev_count, 'epdo', hull.prev_epdo),
      'change', CASE WHEN hull.prev_count = 0 THEN json_build_object('count', r.n, 'percent', NULL)
                     ELSE json_build_object('count', r.n - hull.prev_count,
                                            'percent', round(100.0 * (r.n - hull.prev_count) / hull.prev_count, 1)) END,
      'profile', json_build_object(
        'hour', counts_by(r.hours, 24),
        'weekday', counts_by(r.weekdays, 7),
        'vehicles', coalesce(veh.all_types, '[]')),
      'trend', trend_json((SELECT bounds FROM params), hull.buckets)
    )
  ) ORDER BY r.rank), '[]'::json)
)::text AS fc
FROM shaped r
LEFT JOIN vehicles veh ON veh.cid = r.cid
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
