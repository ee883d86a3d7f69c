-- Accident point clusters (事故多发点): DBSCAN on the stored metric geometry.
-- $1 from, $2 to (local dates, inclusive); $3 eps (m); $4 minPoints; $5 severities or NULL;
-- $6 night (true/false) or NULL; $7 jurisdiction codes to lie in (county, township) or NULL;
-- $8..$10 EPDO weights fatal, injury, property-only.
-- The same period a year earlier (同比) is counted inside each cluster's hull with the same filters.
WITH params AS (
  SELECT ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS t0,
         (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS t1,
         (($1::date - interval '1 year')::timestamp AT TIME ZONE 'Asia/Shanghai') AS p0,
         (($2::date + 1 - interval '1 year')::timestamp AT TIME ZONE 'Asia/Shanghai') AS p1
),
areas AS (
  SELECT geom FROM jurisdictions WHERE code = ANY ($7::text[])
),
candidates AS (
  SELECT a.*
  FROM accidents a
  WHERE ($5::text[] IS NULL OR a.severity = ANY ($5))
    AND ($6::boolean IS NULL OR (a.light IN ('dark_lit', 'dark_unlit')) = $6)
    AND ($7::text[] IS NULL
         OR (SELECT bool_and(ST_Intersects(areas.geom, a.geom)) FROM areas))
),
current_period AS (
  SELECT c.*, ST_ClusterDBSCAN(c.geom_m, eps := $3, minpoints := $4) OVER () AS cid
  FROM candidates c, params p
  WHERE c.occurred_at >= p.t0 AND c.occurred_at < p.t1
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
    ST_Collect(geom_m) AS pts
  FROM current_period
  WHERE cid IS NOT NULL
  GROUP BY cid
),
shaped AS (
  -- Concave hull for larger clusters; a few points (or points on a line) get a buffered convex
  -- hull. The half-eps buffer keeps every member point well inside its polygon.
  SELECT c.*,
    ST_Buffer(CASE WHEN c.n >= 10 THEN ST_ConcaveHull(c.pts, 0.5) ELSE ST_ConvexHull(c.pts) END, $3 / 2.0) AS hull_m
  FROM clusters c
),
ranked AS (
  SELECT s.*, row_number() OVER (ORDER BY s.epdo DESC, s.n DESC, s.cid) AS rank
  FROM shaped s
)
SELECT json_build_object(
  'type', 'FeatureCollection',
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
      'topVehicleTypes', (SELECT coalesce(json_agg(json_build_object('type', v, 'count', k) ORDER BY k DESC, v), '[]'::json)
                          FROM (SELECT v, count(DISTINCT cp.id) AS k
                                FROM current_period cp, unnest(cp.vehicle_types) AS v
                                WHERE cp.cid = r.cid GROUP BY v ORDER BY count(DISTINCT cp.id) DESC, v LIMIT 3) tv),
      'previous', json_build_object('count', prev.count, 'epdo', prev.epdo),
      'change', CASE WHEN prev.count = 0 THEN json_build_object('count', r.n, 'percent', NULL)
                     ELSE json_build_object('count', r.n - prev.count,
                                            'percent', round(100.0 * (r.n - prev.count) / prev.count, 1)) END
    )
  ) ORDER BY r.rank), '[]'::json)
)::text AS fc
FROM ranked r
CROSS JOIN LATERAL (
  SELECT count(*) AS count,
         coalesce(sum(CASE cd.severity WHEN 'fatal' THEN $8::float8 WHEN 'injury' THEN $9::float8 ELSE $10::float8 END), 0) AS epdo
  -- From the table, not the candidates CTE, so the geom_m index finds the few rows in the hull.
  FROM accidents cd, params p
  WHERE ST_Intersects(cd.geom_m, r.hull_m)
    AND cd.occurred_at >= p.p0 AND cd.occurred_at < p.p1
    AND ($5::text[] IS NULL OR cd.severity = ANY ($5))
    AND ($6::boolean IS NULL OR (cd.light IN ('dark_lit', 'dark_unlit')) = $6)
    AND ($7::text[] IS NULL OR (SELECT bool_and(ST_Intersects(areas.geom, cd.geom)) FROM areas))
) prev
