-- Sight-line analysis of intersections (视距三角形). The network's intersections and their
-- approaches are derived from `roads` (api/intersections/network.sql); each pair of adjacent
-- approaches gets a sight triangle whose legs are the approaches' required sight distances, and
-- obstacles taller than the driver's eye that cut it are measured (api/intersections/analyse.sql).

-- Design speed, km/h, for a road whose own is unknown (imported networks): by class.
CREATE TABLE design_speed_defaults (
  class text PRIMARY KEY,
  speed integer NOT NULL CHECK (speed BETWEEN 5 AND 140)
);
INSERT INTO design_speed_defaults (class, speed) VALUES
  ('expressway', 120), ('national', 80), ('provincial', 80), ('county', 60), ('township', 40),
  ('village', 30), ('urban_arterial', 60), ('urban_street', 40);
ALTER TABLE roads ALTER COLUMN design_speed DROP NOT NULL;

-- Stopping sight distance, m (JTG D20 for highways, CJJ 37 for urban streets; ../shared/DESIGN.md).
-- A design speed between two rows takes the next higher row.
CREATE TABLE stopping_sight_distances (
  standard text NOT NULL CHECK (standard IN ('highway', 'urban')),
  speed integer NOT NULL,
  distance numeric NOT NULL CHECK (distance > 0),
  PRIMARY KEY (standard, speed)
);
INSERT INTO stopping_sight_distances (standard, speed, distance) VALUES
  ('highway', 120, 210), ('highway', 100, 160), ('highway', 80, 110), ('highway', 60, 75),
  ('highway', 40, 40), ('highway', 30, 30), ('highway', 20, 20),
  ('urban', 100, 160), ('urban', 80, 110), ('urban', 60, 70), ('urban', 50, 60),
  ('urban', 40, 40), ('urban', 30, 30), ('urban', 20, 20);

-- How the analysis measures: stopping sight distance (ssd), or AASHTO case B intersection sight
-- distance (isd = 0.278 · V · gap_seconds); obstacles count above the driver's eye height.
CREATE TABLE sight_settings (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  method text NOT NULL DEFAULT 'ssd' CHECK (method IN ('ssd', 'isd')),
  gap_seconds numeric NOT NULL DEFAULT 7.5 CHECK (gap_seconds BETWEEN 1 AND 20),
  eye_height numeric NOT NULL DEFAULT 1.2 CHECK (eye_height > 0)
);
INSERT INTO sight_settings DEFAULT VALUES;

-- The required sight distance of one approach, m: `method` ssd (table, rounding the speed up;
-- above the table the top row) or isd.
CREATE FUNCTION required_sight_distance(method text, standard text, speed numeric, gap_seconds numeric)
  RETURNS numeric LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN method = 'isd' THEN round(0.278 * speed * gap_seconds, 1)
    ELSE coalesce(
      (SELECT s.distance FROM stopping_sight_distances s WHERE s.standard = $2 AND s.speed >= $3 ORDER BY s.speed LIMIT 1),
      (SELECT s.distance FROM stopping_sight_distances s WHERE s.standard = $2 ORDER BY s.speed DESC LIMIT 1))
  END
$$;

-- What blocks a driver's view: drawn, imported or (labelled) synthetic.
CREATE TABLE obstacles (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('building', 'wall', 'vegetation', 'stall', 'parked_vehicles', 'other')),
  height numeric NOT NULL CHECK (height > 0 AND height <= 300),
  source text NOT NULL,
  observed_on date,
  note text,
  synthetic boolean NOT NULL DEFAULT false,
  geom geometry(Polygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  geom_m geometry(Polygon),
  created_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX obstacles_geom_m_idx ON obstacles USING gist (geom_m);
CREATE INDEX obstacles_geom_idx ON obstacles USING gist (geom);
CREATE TRIGGER obstacles_geom_m BEFORE INSERT OR UPDATE OF geom ON obstacles
  FOR EACH ROW EXECUTE FUNCTION set_geom_m();

-- Where roads meet or cross (degree ≥ 3, or a corner where two different roads meet at an angle).
CREATE TABLE intersections (
  id integer PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('corner', 'three', 'four', 'multi')),
  legs smallint NOT NULL,
  county_code text REFERENCES jurisdictions (code),
  township_code text REFERENCES jurisdictions (code),
  geom geometry(Point, 4326) NOT NULL,
  geom_m geometry(Point) NOT NULL,
  -- The analysis' summary (api/intersections/analyse.sql); null until analysed.
  method text,
  deficient boolean,
  severity text CHECK (severity IN ('severe', 'moderate', 'minor')),
  worst_shortfall numeric,
  worst_required numeric,
  worst_available numeric,
  obstructed_share numeric,
  analysed_at timestamptz
);
CREATE INDEX intersections_geom_idx ON intersections USING gist (geom);
CREATE INDEX intersections_geom_m_idx ON intersections USING gist (geom_m);
CREATE INDEX intersections_deficient_idx ON intersections (county_code, worst_shortfall DESC) WHERE deficient;

-- The roads that lead into an intersection, one row per direction (a road through it gives two).
CREATE TABLE approaches (
  intersection_id integer NOT NULL REFERENCES intersections (id) ON DELETE CASCADE,
  leg smallint NOT NULL,
  road_id integer NOT NULL,
  road_name text,
  road_class text NOT NULL,
  -- Degrees clockwise from north, from the intersection outwards.
  bearing numeric NOT NULL,
  design_speed integer NOT NULL,
  standard text NOT NULL CHECK (standard IN ('highway', 'urban')),
  PRIMARY KEY (intersection_id, leg)
);

-- One sight triangle per pair of adjacent approaches: the corner at the conflict point, each leg
-- as long as that approach's required distance; what cuts it and the distance still seen.
CREATE TABLE sight_triangles (
  intersection_id integer NOT NULL REFERENCES intersections (id) ON DELETE CASCADE,
  leg_a smallint NOT NULL,
  leg_b smallint NOT NULL,
  required_a numeric NOT NULL,
  required_b numeric NOT NULL,
  -- How far along each leg a driver waiting on the other leg still sees (from the conflict point).
  available_a numeric NOT NULL,
  available_b numeric NOT NULL,
  area numeric NOT NULL,
  obstructed_share numeric NOT NULL,
  obstacle_ids integer[] NOT NULL DEFAULT '{}',
  geom geometry(Polygon, 4326) NOT NULL,
  cut geometry(MultiPolygon, 4326),
  PRIMARY KEY (intersection_id, leg_a, leg_b)
);
