-- Sight triangles of the intersections within $2 m of the area $1 (metric CRS; null: all of them),
-- measured against the obstacles taller than the driver's eye. Run after deleting those
-- intersections' triangles; `summary.sql` then updates the intersections.
--
-- For a pair of adjacent approaches A, B (bearings a, b, clockwise angle a→b 15°–160°: not a
-- merging pair, not the far side of a through road) the
-- triangle is P, P + rA·uA, P + rB·uB, r the approach's required distance. A point v of an
-- obstacle inside it, written v = P + α·uA + β·uB, hides the stretch of leg B beyond
-- tB(v) = β·rA / (rA − α) from the driver waiting at rA on leg A (the sight line through v meets
-- leg B there), and likewise tA(v) = α·rB / (rB − β). Over a polygon these extremes lie at its
-- vertices, so the distance still seen along B is min(rB, min over the cut's vertices of tB).
WITH
-- One row (LIMIT 1 tells the planner so: a cross join with an unanalysed table would be estimated at hundreds).
s AS (SELECT * FROM sight_settings LIMIT 1),
targets AS (
  SELECT i.id, i.geom_m FROM intersections i
  WHERE $1::geometry IS NULL OR ST_DWithin(i.geom_m, $1::geometry, $2)
),
legs AS (
  SELECT a.intersection_id AS id, a.leg, radians(a.bearing) AS az,
         required_sight_distance(s.method, a.standard, a.design_speed, s.gap_seconds) AS r,
         row_number() OVER (PARTITION BY a.intersection_id ORDER BY a.bearing, a.leg) AS k,
         count(*) OVER (PARTITION BY a.intersection_id) AS n
  FROM approaches a JOIN targets t ON t.id = a.intersection_id, s
),
pairs AS (
  SELECT a.id, a.leg AS leg_a, b.leg AS leg_b, a.az AS az_a, b.az AS az_b, a.r AS r_a, b.r AS r_b
  FROM legs a JOIN legs b ON b.id = a.id AND b.k = a.k % a.n + 1 AND a.n > 1
  WHERE degrees(b.az - a.az + 2 * pi())::numeric % 360 BETWEEN 15 AND 160
),
tri AS (
  SELECT p.*, t.geom_m AS corner, ST_X(t.geom_m) AS px, ST_Y(t.geom_m) AS py,
         ST_MakePolygon(ST_MakeLine(ARRAY[
           t.geom_m,
           ST_SetSRID(ST_MakePoint(ST_X(t.geom_m) + p.r_a * sin(p.az_a), ST_Y(t.geom_m) + p.r_a * cos(p.az_a)), ST_SRID(t.geom_m)),
           ST_SetSRID(ST_MakePoint(ST_X(t.geom_m) + p.r_b * sin(p.az_b), ST_Y(t.geom_m) + p.r_b * cos(p.az_b)), ST_SRID(t.geom_m)),
           t.geom_m])) AS g
  FROM pairs p JOIN targets t ON t.id = p.id
),
cuts AS (
  SELECT tri.id, tri.leg_a, tri.leg_b, o.id AS obstacle_id,
         ST_CollectionExtract(ST_Intersection(o.geom_m, tri.g), 3) AS g
  FROM tri JOIN obstacles o ON ST_Intersects(o.geom_m, tri.g), s
  WHERE o.height > s.eye_height
),
real_cuts AS (SELECT * FROM cuts WHERE ST_Area(g) > 0.01),
seen AS (
  SELECT c.id, c.leg_a, c.leg_b,
         min(CASE WHEN tri.r_a - v.alpha > 1e-6 THEN v.beta * tri.r_a / (tri.r_a - v.alpha) ELSE 0 END) AS t_b,
         min(CASE WHEN tri.r_b - v.beta > 1e-6 THEN v.alpha * tri.r_b / (tri.r_b - v.beta) ELSE 0 END) AS t_a
  FROM real_cuts c
  JOIN tri USING (id, leg_a, leg_b)
  CROSS JOIN LATERAL ST_DumpPoints(c.g) d
  CROSS JOIN LATERAL (
    SELECT ((ST_X(d.geom) - tri.px) * cos(tri.az_b) - (ST_Y(d.geom) - tri.py) * sin(tri.az_b)) / sin(tri.az_a - tri.az_b) AS alpha,
           (sin(tri.az_a) * (ST_Y(d.geom) - tri.py) - cos(tri.az_a) * (ST_X(d.geom) - tri.px)) / sin(tri.az_a - tri.az_b) AS beta
  ) v
  GROUP BY c.id, c.leg_a, c.leg_b
),
cut_area AS (
  SELECT id, leg_a, leg_b, ST_Union(g) AS g, array_agg(DISTINCT obstacle_id ORDER BY obstacle_id) AS obstacle_ids
  FROM real_cuts GROUP BY id, leg_a, leg_b
)
INSERT INTO sight_triangles (intersection_id, leg_a, leg_b, required_a, required_b, available_a, available_b,
                             area, obstructed_share, obstacle_ids, geom, cut)
SELECT tri.id, tri.leg_a, tri.leg_b, tri.r_a, tri.r_b,
       round(greatest(0, least(tri.r_a, coalesce(seen.t_a, tri.r_a)))::numeric, 1),
       round(greatest(0, least(tri.r_b, coalesce(seen.t_b, tri.r_b)))::numeric, 1),
       round(ST_Area(tri.g)::numeric, 1),
       CASE WHEN ca.g IS NULL THEN 0 ELSE round((ST_Area(ca.g) / ST_Area(tri.g))::numeric, 4) END,
       coalesce(ca.obstacle_ids, '{}'),
       ST_Transform(tri.g, 4326),
       CASE WHEN ca.g IS NULL THEN NULL ELSE ST_Multi(ST_Transform(ca.g, 4326)) END
FROM tri
LEFT JOIN seen USING (id, leg_a, leg_b)
LEFT JOIN cut_area ca USING (id, leg_a, leg_b);
