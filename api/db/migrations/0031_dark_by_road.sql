-- An accident written with light = 'dark' (a night whose record says nothing of street lighting)
-- takes its road's lighting as it is snapped: 'dark_lit' on a lit road, else 'dark_unlit'. The
-- accident import did this with an UPDATE of every such row after inserting it, a second version
-- of the row and of its covering indexes (about 2 s of a 200 000-row import).
CREATE OR REPLACE FUNCTION snap_accident() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  tolerance float8 := (SELECT value::float8 FROM app_settings WHERE key = 'snap_tolerance_m');
  road_lit boolean;
BEGIN
  SELECT r.id, r.route_id, ST_Distance(r.geom_m, NEW.geom_m), r.lit
    INTO NEW.snap_road_id, NEW.snap_route_id, NEW.snap_distance_m, road_lit
  FROM roads r
  WHERE ST_DWithin(r.geom_m, NEW.geom_m, tolerance)
  ORDER BY ST_Distance(r.geom_m, NEW.geom_m), road_class_rank(r.class), r.id
  LIMIT 1;
  NEW.snap_m := (SELECT ST_LineLocatePoint(rr.geom_m, NEW.geom_m) * rr.length_m
                 FROM road_routes rr WHERE rr.id = NEW.snap_route_id);
  IF NEW.snap_m IS NULL THEN
    NEW.snap_route_id := NULL;
  END IF;
  IF NEW.light = 'dark' THEN
    NEW.light := CASE WHEN road_lit THEN 'dark_lit' ELSE 'dark_unlit' END;
  END IF;
  RETURN NEW;
END $$;
