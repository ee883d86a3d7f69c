-- The counts a before/after evaluation needs, per treated site: its windows (Y years before the
-- month of the treatment, Y years after it; the month itself left out), its crashes of the target
-- and of the control (day crashes, for lights) in each, the comparison group's and the city's
-- crashes of the target in the same windows, and what the network holds within the radius (the
-- share of each road's length, the junctions), for the SPF's prediction; and the city's crashes
-- of the target over the whole window the SPF was fitted on ($10, $11), to scale its prediction.
-- $1 keys, $2 the sites as GeoJSON points or multipoints (WGS84: a light, the lights along one
-- stretch, a hazard), $3–$6 the windows (local dates, inclusive: before from, to,
-- after from, to; evaluate.ts sets them); $7 radius (m); $8 target: 'night' (crashes in the dark)
-- or 'all'; $9 comparison: 'dark_unlit_roads' (night
-- crashes on unlit roads no light reaches: the dark network never lit) or 'county' (every other
-- crash of the county). Either way the comparison leaves out every crash within the radius of any
-- site of the evaluation. A crash's county here is its road's.
WITH given AS (
  SELECT s.key, ST_SetSRID(ST_GeomFromGeoJSON(s.geojson), 4326) AS g, s.before_from, s.before_to, s.after_from, s.after_to
  FROM unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::date[], $6::date[])
    AS s(key, geojson, before_from, before_to, after_from, after_to)
),
located AS MATERIALIZED (
  SELECT g.key, ST_Transform(g.g, metric_srid()) AS pm, g.before_from, g.before_to, g.after_from, g.after_to,
         (SELECT c.code FROM jurisdictions c WHERE c.level = 'county' AND ST_Intersects(c.geom, ST_PointOnSurface(g.g))
          ORDER BY c.code LIMIT 1) AS county
  FROM given g
),
-- Crashes near a site or (for the dark network) near a light, found from the few sites and lights
-- through the accidents' index rather than by testing every crash against them.
near_sites AS (
  SELECT DISTINCT a.id FROM located s JOIN accidents a ON ST_DWithin(a.geom_m, s.pm, $7)
),
near_lights AS (
  SELECT DISTINCT a.id FROM lights l JOIN accidents a ON ST_DWithin(a.geom_m, l.geom_m, $7)
  WHERE $9::text = 'dark_unlit_roads' AND l.status <> 'planned'
),
-- Crashes of the target per county and month (local), all and those of the comparison group.
target_crashes AS MATERIALIZED (
  SELECT date_trunc('month', a.occurred_at AT TIME ZONE 'Asia/Shanghai')::date AS month, r.county_code,
         ns.id IS NULL AND ($9::text = 'county' OR (r.lit IS false AND a.light = 'dark_unlit' AND nl.id IS NULL)) AS comparison
  FROM accidents a
  LEFT JOIN roads r ON r.id = coalesce(a.road_id, a.snap_road_id)
  LEFT JOIN near_sites ns ON ns.id = a.id
  LEFT JOIN near_lights nl ON nl.id = a.id
  WHERE $8::text = 'all' OR a.light IN ('dark_lit', 'dark_unlit')
),
monthly AS (
  SELECT month, county_code, count(*)::int AS n, count(*) FILTER (WHERE comparison)::int AS comparison
  FROM target_crashes GROUP BY month, county_code
)
SELECT l.key, l.county,
       here.k, here.l, here.day_before, here.day_after,
       cmp.m, cmp.n, city.b AS city_before, city.a AS city_after, city.total AS city_total,
       net.roads, net.junctions
FROM located l
CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE target AND local_day BETWEEN l.before_from AND l.before_to)::int AS k,
         count(*) FILTER (WHERE target AND local_day BETWEEN l.after_from AND l.after_to)::int AS l,
         count(*) FILTER (WHERE a.light = 'day' AND local_day BETWEEN l.before_from AND l.before_to)::int AS day_before,
         count(*) FILTER (WHERE a.light = 'day' AND local_day BETWEEN l.after_from AND l.after_to)::int AS day_after
  FROM accidents a
  CROSS JOIN LATERAL (SELECT (a.occurred_at AT TIME ZONE 'Asia/Shanghai')::date AS local_day,
                             $8::text = 'all' OR a.light IN ('dark_lit', 'dark_unlit') AS target) x
  WHERE ST_DWithin(a.geom_m, l.pm, $7)
) here
CROSS JOIN LATERAL (
  SELECT coalesce(sum(comparison) FILTER (WHERE month BETWEEN l.before_from AND l.before_to), 0)::int AS m,
         coalesce(sum(comparison) FILTER (WHERE month BETWEEN l.after_from AND l.after_to), 0)::int AS n
  FROM monthly WHERE county_code = l.county
) cmp
CROSS JOIN LATERAL (
  SELECT coalesce(sum(n) FILTER (WHERE month BETWEEN l.before_from AND l.before_to), 0)::int AS b,
         coalesce(sum(n) FILTER (WHERE month BETWEEN l.after_from AND l.after_to), 0)::int AS a,
         coalesce(sum(n) FILTER (WHERE month BETWEEN date_trunc('month', $10::date)::date AND $11::date), 0)::int AS total
  FROM monthly
) city
CROSS JOIN LATERAL (
  SELECT coalesce((SELECT json_agg(json_build_array(r.id, ST_Length(ST_Intersection(r.geom_m, ST_Buffer(l.pm, $7))) / ST_Length(r.geom_m)))
                   FROM roads r WHERE ST_DWithin(r.geom_m, l.pm, $7) AND ST_Length(r.geom_m) >= 10), '[]'::json) AS roads,
         coalesce((SELECT array_agg(i.id ORDER BY i.id) FROM intersections i WHERE i.legs >= 3 AND ST_DWithin(i.geom_m, l.pm, $7)), '{}') AS junctions
) net
ORDER BY l.key;
