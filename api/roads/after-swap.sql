-- After the network changed: synthetic obstacles were placed beside the roads there were, so those
-- no road from before this import (imported_at is the transaction's now() for its own) passes
-- within 30 m of any longer go; gates that lost their road are put on the nearest (not an
-- expressway) within 30 m. Returns how many obstacles went and gates were placed.
WITH gone AS (
  DELETE FROM obstacles o
  WHERE o.synthetic
    AND NOT EXISTS (SELECT 1 FROM roads r WHERE (r.imported_at IS NULL OR r.imported_at < now()) AND ST_DWithin(r.geom_m, o.geom_m, 30))
  RETURNING 1
), gates AS (
  UPDATE school_gates g SET road_id = (
    SELECT r.id FROM roads r WHERE r.class <> 'expressway' AND ST_DWithin(r.geom_m, g.geom_m, 30)
    ORDER BY ST_Distance(r.geom_m, g.geom_m), r.id LIMIT 1)
  WHERE g.road_id IS NULL
  RETURNING 1
)
SELECT (SELECT count(*) FROM gone)::int AS obstacles, (SELECT count(*) FROM gates)::int AS gates;
