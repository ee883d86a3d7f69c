-- Faster accident imports (docs/BENCHMARKS.md, accident import).
--
-- 1. accidents_time_cover_idx (0007) leads with occurred_at, so it serves every lookup by time the
--    plain index did; an insert no longer keeps a second btree of the same key.
DROP INDEX accidents_occurred_at_idx;

-- 2. Snapping as a function of the metric point, for a statement that places many accidents at
--    once: the nearest road within the snap tolerance (the higher class, then the lower id, where
--    two are as near), its route, the distance and the position along the route, and whether the
--    road is lit. An import computes it for its whole batch in the INSERT (api/accidents/upsert.sql),
--    about 25 µs a row less than a trigger's per-row queries.
CREATE FUNCTION snap_point(m geometry)
  RETURNS TABLE (road_id integer, route_id integer, distance_m float8, at_m float8, lit boolean)
  LANGUAGE sql STABLE
  AS $$
  SELECT r.id,
         CASE WHEN rr.id IS NOT NULL THEN r.route_id END,
         ST_Distance(r.geom_m, m),
         ST_LineLocatePoint(rr.geom_m, m) * rr.length_m,
         r.lit
  FROM roads r
  LEFT JOIN road_routes rr ON rr.id = r.route_id
  WHERE ST_DWithin(r.geom_m, m, (SELECT value::float8 FROM app_settings WHERE key = 'snap_tolerance_m'))
  ORDER BY ST_Distance(r.geom_m, m), road_class_rank(r.class), r.id
  LIMIT 1
$$;
COMMENT ON FUNCTION snap_point(geometry) IS
  'The road an accident at metric point m snaps to: road, route, distance, position along the route (m), lit.';

-- 3. One trigger projects and snaps an accident (it was two, each with its own queries). An INSERT
--    that brings its own geom_m was placed by its statement with snap_point() and is kept as it
--    came; an UPDATE of geom always places the record again.
CREATE FUNCTION place_accident() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  s record;
BEGIN
  IF TG_OP = 'INSERT' AND NEW.geom_m IS NOT NULL THEN
    RETURN NEW;
  END IF;
  NEW.geom_m := ST_Transform(NEW.geom, metric_srid());
  SELECT * INTO s FROM snap_point(NEW.geom_m);
  NEW.snap_road_id := s.road_id;
  NEW.snap_route_id := CASE WHEN s.at_m IS NOT NULL THEN s.route_id END;
  NEW.snap_distance_m := s.distance_m;
  NEW.snap_m := s.at_m;
  -- A night whose record says nothing of street lighting is lit as its road (0031).
  IF NEW.light = 'dark' THEN
    NEW.light := CASE WHEN s.lit THEN 'dark_lit' ELSE 'dark_unlit' END;
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER accidents_geom_m ON accidents;
DROP TRIGGER accidents_snap ON accidents;
DROP FUNCTION snap_accident();
CREATE TRIGGER accidents_place BEFORE INSERT OR UPDATE OF geom ON accidents
  FOR EACH ROW EXECUTE FUNCTION place_accident();
