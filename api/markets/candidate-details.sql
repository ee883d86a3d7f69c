-- Unregistered markets, second step: for the clusters candidates.ts found, their shape, the crash
-- nearest their centre, county and township there (PostGIS), the roads their crashes lie on, and a
-- registered market near them. $1 cluster numbers and $2 accident ids, side by side (each crash's
-- cluster); $3 metres within which a registered market (its stretch, or a relocated one's new
-- site) is named as near.
WITH members AS (
  SELECT m.cid, a.id, a.geom_m, a.snap_road_id, a.synthetic
  FROM unnest($1::int[], $2::int[]) AS m(cid, id)
  JOIN accidents a ON a.id = m.id
  -- Said again as an index condition: joined to the unnest alone, the planner read all accidents
  -- and hashed them to find a few thousand (165 → 70 ms for 23 clusters of 4 684 crashes at 200k).
  WHERE a.id = ANY ($2::int[])
),
shaped AS MATERIALIZED (
  SELECT cid, count(*)::int AS n, ST_Collect(geom_m) AS pts, bool_or(synthetic) AS synthetic
  FROM members GROUP BY cid
),
-- The crash nearest the cluster's centre: a point on its road, where a mean could fall in a field.
placed AS MATERIALIZED (
  SELECT s.*, ST_ClosestPoint(s.pts, ST_Centroid(s.pts)) AS pm FROM shaped s
),
-- The roads the crashes lie on (their snapped road, by name and class), each carrying at least a
-- quarter of them (the busiest always), biggest class first.
roads_of AS (
  SELECT x.cid, json_agg(json_build_object('name', x.name, 'class', x.class) ORDER BY road_class_rank(x.class), x.name) AS roads
  FROM (SELECT m.cid, coalesce(r.name, r.ref) AS name, r.class, count(*) AS n,
               max(count(*)) OVER (PARTITION BY m.cid) AS top
        FROM members m JOIN roads r ON r.id = m.snap_road_id
        GROUP BY 1, 2, 3) x
  JOIN shaped s ON s.cid = x.cid
  WHERE x.n = x.top OR x.n * 4 >= s.n
  GROUP BY x.cid
)
SELECT coalesce(json_agg(json_build_object(
         'cid', p.cid,
         -- A polygon even for crashes along one straight road.
         'geometry', ST_AsGeoJSON(ST_Transform(ST_Buffer(ST_ConvexHull(p.pts), 25, 4), 4326), 6)::json,
         'point', json_build_array(round(ST_X(pt.g)::numeric, 6), round(ST_Y(pt.g)::numeric, 6)),
         'county', CASE WHEN co.code IS NULL THEN NULL ELSE json_build_object('code', co.code, 'name', co.name, 'nameEn', co.name_en) END,
         'township', CASE WHEN tw.code IS NULL THEN NULL ELSE json_build_object('code', tw.code, 'name', tw.name, 'nameEn', tw.name_en) END,
         'roads', coalesce(ro.roads, '[]'),
         'nearMarket', nm.market,
         'synthetic', p.synthetic
       ) ORDER BY p.cid), '[]')::text AS clusters
FROM placed p
CROSS JOIN LATERAL (SELECT ST_Transform(p.pm, 4326) AS g) pt
LEFT JOIN LATERAL (SELECT j.code, j.name, j.name_en FROM jurisdictions j
                   WHERE j.level = 'county' AND ST_Intersects(j.geom_m, p.pm) ORDER BY j.code LIMIT 1) co ON true
LEFT JOIN LATERAL (SELECT j.code, j.name, j.name_en FROM jurisdictions j
                   WHERE j.level = 'township' AND j.parent_code = co.code AND ST_Intersects(j.geom_m, p.pm) ORDER BY j.code LIMIT 1) tw ON true
LEFT JOIN roads_of ro ON ro.cid = p.cid
-- A registered market near the cluster: perhaps the same market reaching past its buffer, or one
-- that moved here.
LEFT JOIN LATERAL (
  SELECT json_build_object('id', mk.id, 'name', mk.name, 'status', mk.status, 'distance', round(d.m)::int,
                           'calendar', mk.calendar, 'days', mk.days) AS market
  FROM markets mk
  CROSS JOIN LATERAL (SELECT least(ST_Distance(mk.geom_m, p.pts),
                                   coalesce(ST_Distance(ST_Transform(mk.relocated_to, ST_SRID(p.pts)), p.pts), 'Infinity')) AS m) d
  WHERE ST_DWithin(mk.geom_m, p.pts, $3)
     OR (mk.relocated_to IS NOT NULL AND ST_DWithin(ST_Transform(mk.relocated_to, ST_SRID(p.pts)), p.pts, $3))
  ORDER BY d.m, mk.id
  LIMIT 1
) nm ON true;
