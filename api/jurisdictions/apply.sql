-- The matched boundaries ({stage} joined to {matches}: seq → township) become the townships'
-- areas: the features of one township together, cut to its county, no longer approximate. Then,
-- in every county one reached, the townships still approximate share what the real ones leave:
-- the Voronoi cells of their own points, clipped to the county less the real areas.
WITH real AS (
  SELECT m.township, ST_Union(ST_Multi(ST_CollectionExtract(ST_MakeValid(s.geom), 3))) AS g
  FROM {stage} s JOIN {matches} m ON m.seq = s.seq
  GROUP BY m.township
)
UPDATE jurisdictions t
SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Intersection(r.g, c.geom)), 3)), approximate = false
FROM real r, jurisdictions c
WHERE t.code = r.township AND c.code = t.parent_code;

WITH counties AS (
  SELECT DISTINCT t.parent_code AS code FROM jurisdictions t JOIN {matches} m ON m.township = t.code
),
rest AS (
  SELECT c.code, ST_Difference(c.geom_m, coalesce((SELECT ST_Union(r.geom_m) FROM jurisdictions r
                                                   WHERE r.parent_code = c.code AND r.level = 'township' AND NOT r.approximate),
                                                  'GEOMETRYCOLLECTION EMPTY'::geometry)) AS area
  FROM jurisdictions c JOIN counties k ON k.code = c.code
),
cells AS (
  SELECT r.code, r.area, (ST_Dump(ST_VoronoiPolygons(ST_Collect(ST_Transform(t.anchor, metric_srid())), 0, r.area))).geom AS cell
  FROM rest r JOIN jurisdictions t ON t.parent_code = r.code AND t.level = 'township' AND t.approximate AND t.anchor IS NOT NULL
  GROUP BY r.code, r.area
)
UPDATE jurisdictions t
SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(ST_SetSRID(ST_Intersection(cells.cell, cells.area), metric_srid()), 4326)), 3))
FROM cells
WHERE t.level = 'township' AND t.approximate AND t.parent_code = cells.code
  AND ST_Contains(cells.cell, ST_Transform(t.anchor, metric_srid()));

-- A county with one township left approximate: it takes all the rest (one point has no Voronoi cells).
UPDATE jurisdictions t
SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(ST_SetSRID(ST_Difference(c.geom_m,
             (SELECT ST_Union(r.geom_m) FROM jurisdictions r WHERE r.parent_code = c.code AND r.level = 'township' AND NOT r.approximate)),
           metric_srid()), 4326)), 3))
FROM jurisdictions c
WHERE t.level = 'township' AND t.approximate AND c.code = t.parent_code
  AND c.code IN (SELECT DISTINCT x.parent_code FROM jurisdictions x JOIN {matches} m ON m.township = x.code)
  AND (SELECT count(*) FROM jurisdictions a WHERE a.parent_code = c.code AND a.level = 'township' AND a.approximate) = 1;
