-- The roads an import removes, into {doomed}: every road when it replaces the network; when it
-- merges, the roads it duplicates (at least 80 % of their length within 15 m of imported pieces).
CREATE TEMP TABLE {doomed} AS
SELECT r.id FROM roads r
WHERE $1::boolean
   OR ST_Length(ST_Intersection(r.geom_m, (
        SELECT ST_Union(ST_Buffer(p.geom_m, 15, 'quad_segs=2')) FROM {pieces} p WHERE ST_DWithin(p.geom_m, r.geom_m, 15)
      ))) >= 0.8 * ST_Length(r.geom_m);
