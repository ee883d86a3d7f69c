-- Road routes and accident snapping, for the road-segment hotspot analysis (事故多发路段).
--
-- Road rows are pieces (split where lighting or the county changes, as real networks split
-- ways), so sliding windows must run along whole routes: pieces of the same road (class and
-- ref, or name) are merged with ST_LineMerge; each connected part is one route with its own
-- metre scale. Routes are derived data: rebuild_road_routes() rebuilds them after the road
-- network changes.
--
-- Every accident is snapped once, when it is stored (or moved), to the nearest road piece
-- within 'snap_tolerance_m' metres: the piece, its route and the distance along that route
-- (snap_m). The analysis then works on numbers, not geometry.
INSERT INTO app_settings (key, value) VALUES ('snap_tolerance_m', '50');

CREATE TABLE road_routes (
  id integer PRIMARY KEY,
  route_key text NOT NULL,           -- class + ref or name: the pieces that were merged
  class text NOT NULL,
  name text,
  ref text,
  urban boolean NOT NULL,            -- more than half its length is urban
  length_m float8 NOT NULL,
  geom_m geometry(LineString) NOT NULL,
  geom geometry(LineString, 4326) NOT NULL
);
CREATE INDEX road_routes_key_idx ON road_routes (route_key);

-- Derived, rebuilt as a whole: no foreign keys into road_routes.
ALTER TABLE roads ADD COLUMN route_id integer;
ALTER TABLE accidents
  ADD COLUMN snap_road_id integer,
  ADD COLUMN snap_route_id integer,
  ADD COLUMN snap_m float8,
  ADD COLUMN snap_distance_m float8;
CREATE INDEX accidents_snap_idx ON accidents (snap_route_id, snap_m);

-- Which road wins when an accident is equally near several (a junction): the bigger road.
CREATE FUNCTION road_class_rank(class text) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_position(ARRAY['expressway', 'national', 'provincial', 'urban_arterial', 'county',
                                    'urban_street', 'township', 'village'], class) $$;

CREATE FUNCTION road_route_key(class text, ref text, name text, id integer) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT class || ':' || coalesce(ref, name, 'road ' || id) $$;

CREATE FUNCTION rebuild_road_routes() RETURNS integer
  LANGUAGE plpgsql
  AS $$
DECLARE
  n integer;
BEGIN
  UPDATE roads SET route_id = NULL WHERE route_id IS NOT NULL;
  DELETE FROM road_routes;
  INSERT INTO road_routes (id, route_key, class, name, ref, urban, length_m, geom_m, geom)
  SELECT row_number() OVER (ORDER BY g.route_key, d.path),
         g.route_key, g.class, g.name, g.ref, g.urban, ST_Length(d.geom), d.geom,
         ST_Transform(d.geom, 4326)
  FROM (
    SELECT road_route_key(class, ref, name, id) AS route_key, class, min(name) AS name, min(ref) AS ref,
           sum(CASE WHEN urban THEN ST_Length(geom_m) ELSE 0 END) > sum(ST_Length(geom_m)) / 2 AS urban,
           ST_LineMerge(ST_Collect(geom_m)) AS merged
    FROM roads
    GROUP BY road_route_key(class, ref, name, id), class
  ) g,
  LATERAL ST_Dump(g.merged) d
  WHERE ST_GeometryType(d.geom) = 'ST_LineString' AND ST_Length(d.geom) > 0;

  -- Each piece belongs to the merged part of its own route nearest its midpoint.
  UPDATE roads r SET route_id = (
    SELECT rr.id FROM road_routes rr
    WHERE rr.route_key = road_route_key(r.class, r.ref, r.name, r.id)
    ORDER BY ST_Distance(rr.geom_m, ST_LineInterpolatePoint(r.geom_m, 0.5)), rr.id
    LIMIT 1);
  SELECT count(*) INTO n FROM road_routes;
  -- Route ids changed: every accident snaps again (its triggers also re-project geom_m first).
  UPDATE accidents SET geom = geom;
  RETURN n;
END $$;
COMMENT ON FUNCTION rebuild_road_routes() IS
  'Re-derives road_routes and roads.route_id from the roads, then re-snaps every accident.';

CREATE FUNCTION snap_accident() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  tolerance float8 := (SELECT value::float8 FROM app_settings WHERE key = 'snap_tolerance_m');
BEGIN
  SELECT r.id, r.route_id, ST_Distance(r.geom_m, NEW.geom_m)
    INTO NEW.snap_road_id, NEW.snap_route_id, NEW.snap_distance_m
  FROM roads r
  WHERE ST_DWithin(r.geom_m, NEW.geom_m, tolerance)
  ORDER BY ST_Distance(r.geom_m, NEW.geom_m), road_class_rank(r.class), r.id
  LIMIT 1;
  NEW.snap_m := (SELECT ST_LineLocatePoint(rr.geom_m, NEW.geom_m) * rr.length_m
                 FROM road_routes rr WHERE rr.id = NEW.snap_route_id);
  IF NEW.snap_m IS NULL THEN
    NEW.snap_route_id := NULL;
  END IF;
  RETURN NEW;
END $$;

-- Fires after accidents_geom_m (triggers run in name order), so geom_m is already set.
CREATE TRIGGER accidents_snap BEFORE INSERT OR UPDATE OF geom ON accidents
  FOR EACH ROW EXECUTE FUNCTION snap_accident();
