-- The intersections of the road network and their approaches, rebuilt from `roads` (metric CRS).
-- $1: how close (m) two road ends or crossings must be to count as one node; $2: how far along a
-- road (m) its bearing out of the node is measured. Run after DELETE FROM intersections.
-- Expressways cross everything on bridges and join it by interchanges: no at-grade intersections.
WITH
crossings AS (
  SELECT (ST_Dump(ST_Intersection(a.geom_m, b.geom_m))).geom AS p
  FROM roads a JOIN roads b ON a.id < b.id AND ST_Intersects(a.geom_m, b.geom_m)
  WHERE a.class <> 'expressway' AND b.class <> 'expressway'
),
points AS (
  SELECT p FROM crossings WHERE GeometryType(p) = 'POINT'
  UNION ALL SELECT ST_StartPoint(geom_m) FROM roads WHERE class <> 'expressway'
  UNION ALL SELECT ST_EndPoint(geom_m) FROM roads WHERE class <> 'expressway'
),
clustered AS (SELECT p, ST_ClusterDBSCAN(p, $1, 1) OVER () AS node FROM points),
nodes AS (SELECT node, ST_Centroid(ST_Collect(p)) AS p FROM clustered GROUP BY node),
-- Every road at a node, once per direction it leaves the node in (a road through it: two).
legs AS (
  SELECT n.node, n.p, r.id AS road_id, r.name, r.class,
         rs.speed,
         CASE WHEN r.urban OR r.class LIKE 'urban%' THEN 'urban' ELSE 'highway' END AS standard,
         degrees(ST_Azimuth(n.p, ST_LineInterpolatePoint(r.geom_m, greatest(0, least(1, m.loc + s.dir * $2 / m.len))))) AS bearing
  FROM nodes n
  -- The roads near each node through the index: the planner guesses the nodes at 200 rows and, at
  -- 100 000 roads, would otherwise test every road against every node (929 s; 14 s this way).
  CROSS JOIN LATERAL (SELECT * FROM roads r WHERE ST_DWithin(r.geom_m, n.p, $1) AND r.class <> 'expressway' OFFSET 0) r
  JOIN road_speeds() rs ON rs.road_id = r.id
  CROSS JOIN LATERAL (SELECT ST_LineLocatePoint(r.geom_m, n.p) AS loc, ST_Length(r.geom_m) AS len) m
  CROSS JOIN LATERAL (VALUES (-1), (1)) s(dir)
  WHERE (s.dir = -1 AND m.loc * m.len > $1) OR (s.dir = 1 AND (1 - m.loc) * m.len > $1)
),
per_node AS (
  SELECT node, p, count(*) AS legs,
         -- Two legs make a corner only where two different roads meet at a real angle (not a bend of one road).
         count(DISTINCT coalesce(name, '#' || road_id) || '|' || class) AS roads,
         abs(180 - abs(abs(max(bearing) - min(bearing)) - 180)) AS angle
  FROM legs GROUP BY node, p
),
chosen AS (
  SELECT row_number() OVER (ORDER BY ST_X(p), ST_Y(p))::int AS id, node, p, legs
  FROM per_node
  WHERE legs >= 3 OR (legs = 2 AND roads = 2 AND angle BETWEEN 15 AND 150)
),
placed AS (
  SELECT c.*, ST_Transform(c.p, 4326) AS g FROM chosen c
),
saved AS (
  INSERT INTO intersections (id, kind, legs, county_code, township_code, geom, geom_m)
  SELECT x.id,
         CASE WHEN x.legs = 2 THEN 'corner' WHEN x.legs = 3 THEN 'three' WHEN x.legs = 4 THEN 'four' ELSE 'multi' END,
         x.legs,
         (SELECT j.code FROM jurisdictions j WHERE j.level = 'county' AND ST_Intersects(j.geom, x.g) ORDER BY j.code LIMIT 1),
         (SELECT j.code FROM jurisdictions j WHERE j.level = 'township' AND ST_Intersects(j.geom, x.g) ORDER BY j.code LIMIT 1),
         x.g, x.p
  FROM placed x
  RETURNING id
)
INSERT INTO approaches (intersection_id, leg, road_id, road_name, road_class, bearing, design_speed, standard)
SELECT c.id, row_number() OVER (PARTITION BY c.id ORDER BY l.bearing, l.road_id)::smallint,
       l.road_id, l.name, l.class, round(l.bearing::numeric, 2), l.speed, l.standard
FROM chosen c JOIN legs l ON l.node = c.node
WHERE c.id IN (SELECT id FROM saved);
