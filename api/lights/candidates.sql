-- Where the next light should go: clusters of crashes in the dark on unlit roads (light condition
-- dark_unlit, on a road whose `lit` is false) with no working light within the radius. The words
-- are candidates.ts.
-- $1 from, $2 to (local dates, inclusive); $3 radius (m) a light lights; $4 eps (m), $5 minPoints
-- (DBSCAN on the metric geometry, in the crashes' order along the roads); $6 county, $7 township
-- (null for all); $8, $9, $10 EPDO weights fatal, injury, property only; $11 how many of the
-- ranked places get their details (the rest are only counted: `found`).
-- A crash's county for the county's usual night share is its road's county (roads.county_code):
-- a join, not a point-in-polygon test of every crash.
WITH
areas AS (
  SELECT geom_m FROM jurisdictions WHERE code = $6::text OR code = $7::text
),
area_box AS (
  SELECT geom_m AS box FROM areas ORDER BY ST_Area(geom_m) LIMIT 1
),
-- Every crash of the window in the area, with whether it was in the dark (lit or not).
window_crashes AS MATERIALIZED (
  SELECT a.id, a.geom_m, a.snap_route_id, a.snap_m, a.light, a.severity, a.deaths, a.injuries, a.road_id, a.synthetic,
         r.lit AS road_lit, r.county_code
  FROM accidents a
  LEFT JOIN roads r ON r.id = a.road_id
  WHERE a.occurred_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND a.occurred_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND (($6::text IS NULL AND $7::text IS NULL)
         OR (a.geom_m && (SELECT box FROM area_box)
             AND NOT EXISTS (SELECT 1 FROM areas ar WHERE NOT ST_Intersects(ar.geom_m, a.geom_m))))
),
-- The county's usual share of its crashes that happen in the dark.
county_share AS (
  SELECT county_code, count(*) FILTER (WHERE light IN ('dark_lit', 'dark_unlit'))::float8 / count(*) AS share
  FROM window_crashes WHERE county_code IS NOT NULL GROUP BY county_code
),
-- Dark crashes on unlit roads that no working light reaches now.
dark AS (
  SELECT c.* FROM window_crashes c
  WHERE c.light = 'dark_unlit' AND c.road_lit IS false
    AND NOT EXISTS (SELECT 1 FROM lights l
                    WHERE ST_DWithin(l.geom_m, c.geom_m, $3) AND light_lights(l.status, l.installed_on, l.status_on))
),
clustered AS (
  SELECT d.*, ST_ClusterDBSCAN(d.geom_m, eps := $4, minpoints := $5) OVER (ORDER BY d.snap_route_id, d.snap_m, d.id) AS cid
  FROM dark d
),
clusters AS MATERIALIZED (
  SELECT cid, count(*)::int AS n,
         count(*) FILTER (WHERE severity = 'fatal')::int AS fatal,
         count(*) FILTER (WHERE severity = 'injury')::int AS injury,
         count(*) FILTER (WHERE severity = 'pdo')::int AS pdo,
         sum(deaths)::int AS deaths, sum(injuries)::int AS injuries,
         bool_or(synthetic) AS synthetic,
         mode() WITHIN GROUP (ORDER BY county_code) AS county_code,
         ST_Collect(geom_m) AS pts,
         array_agg(id ORDER BY id) AS ids
  FROM clustered WHERE cid IS NOT NULL GROUP BY cid
),
-- Every crash of the window within 50 m of the cluster's crashes, and those in the dark: found
-- through the accidents' spatial index (from the materialised window it was a test of every crash
-- of the window for every cluster: 72 s at 200k accidents, 2 089 clusters).
measured AS (
  SELECT cl.*, around.total, around.dark AS dark_all, cs.share AS county_share,
         CASE WHEN around.total > 0 THEN around.dark::float8 / around.total ELSE 0 END AS dark_share,
         epdo(cl.fatal, cl.injury, cl.pdo, $8, $9, $10) AS night_epdo
  FROM clusters cl
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS total, count(*) FILTER (WHERE a.light IN ('dark_lit', 'dark_unlit'))::int AS dark
    FROM accidents a
    WHERE ST_DWithin(a.geom_m, cl.pts, 50)
      AND a.occurred_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
      AND a.occurred_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
  ) around
  LEFT JOIN county_share cs ON cs.county_code = cl.county_code
),
-- The rank: night EPDO, then how many times the county's usual dark share the place's is, then
-- crashes, then the first crash's id. Only the first $11 get their details below.
ranked AS (
  SELECT m.*, CASE WHEN m.county_share > 0 THEN m.dark_share / m.county_share END AS excess,
         count(*) OVER () AS found,
         row_number() OVER (ORDER BY m.night_epdo DESC, coalesce(CASE WHEN m.county_share > 0 THEN m.dark_share / m.county_share END, 0) DESC, m.n DESC, m.ids[1]) AS rank
  FROM measured m
),
placed AS (
  SELECT r.*, ST_Centroid(r.pts) AS centre, ST_MaxDistance(r.pts, r.pts) AS extent
  FROM ranked r WHERE r.rank <= $11
)
SELECT p.rank::int, p.found::int, p.n, p.fatal, p.injury, p.pdo, p.deaths, p.injuries, p.synthetic, p.ids,
       p.night_epdo, p.total, p.dark_all, p.county_share, p.dark_share, p.excess,
       round(p.extent::numeric)::float8 AS extent,
       ST_AsGeoJSON(ST_Transform(CASE WHEN p.extent < 1 THEN ST_Buffer(p.centre, 20) ELSE ST_Buffer(ST_ConvexHull(p.pts), 20) END, 4326), 6)::json AS geometry,
       json_build_array(round(ST_X(site.pt)::numeric, 6), round(ST_Y(site.pt)::numeric, 6)) AS point,
       CASE WHEN c.code IS NULL THEN NULL ELSE json_build_object('code', c.code, 'name', c.name, 'nameEn', c.name_en) END AS county,
       CASE WHEN t.code IS NULL THEN NULL ELSE json_build_object('code', t.code, 'name', t.name, 'nameEn', t.name_en) END AS township,
       near.roads, lights.faulty, lights.removed, lights.planned, hz.hazard
FROM placed p
-- Where a light would go: the point of the nearest road to the crashes' centre.
CROSS JOIN LATERAL (
  SELECT ST_Transform(ST_ClosestPoint(r.geom_m, p.centre), 4326) AS pt, r.id AS road_id
  FROM roads r ORDER BY r.geom_m <-> p.centre LIMIT 1
) site
LEFT JOIN LATERAL (
  SELECT j.code, j.name, j.name_en FROM jurisdictions j
  WHERE j.level = 'county' AND ST_Intersects(j.geom, site.pt) ORDER BY j.code LIMIT 1
) c ON true
LEFT JOIN LATERAL (
  SELECT j.code, j.name, j.name_en FROM jurisdictions j
  WHERE j.level = 'township' AND j.parent_code = c.code AND ST_Intersects(j.geom, site.pt) ORDER BY j.code LIMIT 1
) t ON true
CROSS JOIN LATERAL (
  SELECT coalesce(json_agg(json_build_object('name', x.name, 'class', x.class) ORDER BY road_class_rank(x.class), x.name), '[]') AS roads
  FROM (SELECT DISTINCT coalesce(rd.name, rd.ref) AS name, rd.class
        FROM roads rd WHERE ST_DWithin(rd.geom_m, p.pts, 15)) x
) near
-- Lights within the radius of its crashes that do not light them now: faulty, removed, planned.
CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE l.status = 'faulty')::int AS faulty,
         count(*) FILTER (WHERE l.status = 'removed')::int AS removed,
         count(*) FILTER (WHERE l.status = 'planned')::int AS planned
  FROM lights l WHERE ST_DWithin(l.geom_m, p.pts, $3)
) lights
-- An open 照明缺失 hazard already registered within the radius.
LEFT JOIN LATERAL (
  SELECT json_build_object('id', h.id, 'number', h.number, 'status', h.status) AS hazard
  FROM hazards h
  WHERE h.type = 'lighting' AND h.status <> 'closed'
    AND ST_DWithin(h.geom_m, ST_Transform(site.pt, metric_srid()), $3)
  ORDER BY h.id LIMIT 1
) hz ON true
ORDER BY p.rank;
