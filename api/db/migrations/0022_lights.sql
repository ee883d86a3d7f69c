-- Lights (第一盏灯, 千路万盏 …): street lights, solar lights, flashing warning lights (爆闪灯) and
-- illuminated signs put up at dark places, with who put them up, when, what they cost and whether
-- they still work; every write is an append-only light event, as the ledger's. Roads keep their
-- own `lit`; a working light lights the road within light_radius_m of it. Where the next light
-- should go is api/lights/candidates.sql.

-- Metres of road a light lights around it (the candidates' "no light within" and a light's site
-- in a before/after evaluation).
INSERT INTO app_settings (key, value) VALUES ('light_radius_m', '150');

CREATE TABLE lights (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('street_light', 'solar_light', 'flashing_beacon', 'illuminated_sign', 'other')),
  programme text NOT NULL DEFAULT 'other' CHECK (programme IN ('first_light', 'qianlu_wanzhan', 'other')),
  -- Where it stands in words (a junction, a village entrance); optional.
  name text CHECK (length(name) BETWEEN 1 AND 100),
  -- Where it lies, decided by PostGIS from the point (trigger below), never typed in.
  county_code text NOT NULL REFERENCES jurisdictions (code),
  township_code text REFERENCES jurisdictions (code),
  geom geometry(Point, 4326) NOT NULL,
  geom_m geometry(Point),
  -- planned: to be put up (installed_on is then the planned day, if known); working; faulty (since
  -- status_on); removed (since status_on).
  status text NOT NULL DEFAULT 'working' CHECK (status IN ('planned', 'working', 'faulty', 'removed')),
  status_on date,
  installed_on date,
  installed_by text CHECK (length(installed_by) BETWEEN 1 AND 100),
  cost numeric(12, 2) CHECK (cost >= 0 AND cost < 1e9),
  -- The 照明缺失 hazard the light answers, if any.
  hazard_id integer REFERENCES hazards (id),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  synthetic boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- A planned light dropped before it went up is removed with no day it was put up.
  CHECK (status IN ('planned', 'removed') OR installed_on IS NOT NULL),
  CHECK (status NOT IN ('faulty', 'removed') OR status_on IS NOT NULL),
  CHECK (status_on IS NULL OR installed_on IS NULL OR status_on >= installed_on)
);
CREATE INDEX lights_geom_idx ON lights USING gist (geom);
CREATE INDEX lights_geom_m_idx ON lights USING gist (geom_m);
CREATE INDEX lights_area_idx ON lights (county_code, township_code);
CREATE INDEX lights_programme_idx ON lights (programme, county_code);
CREATE TRIGGER lights_geom_m BEFORE INSERT OR UPDATE OF geom ON lights
  FOR EACH ROW EXECUTE FUNCTION set_geom_m();

-- The county and township holding a row's point (as locatePoint decides it for hazards); a point
-- outside every county leaves county_code null, which NOT NULL refuses. One function for every
-- table of points: schools (0018's locate_school, the same body, is replaced) and lights.
CREATE FUNCTION locate_point_row() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  SELECT c.code INTO NEW.county_code FROM jurisdictions c
  WHERE c.level = 'county' AND ST_Intersects(c.geom, NEW.geom) ORDER BY c.code LIMIT 1;
  SELECT t.code INTO NEW.township_code FROM jurisdictions t
  WHERE t.level = 'township' AND t.parent_code = NEW.county_code AND ST_Intersects(t.geom, NEW.geom) ORDER BY t.code LIMIT 1;
  RETURN NEW;
END $$;
DROP TRIGGER schools_locate ON schools;
CREATE TRIGGER schools_locate BEFORE INSERT OR UPDATE OF geom ON schools
  FOR EACH ROW EXECUTE FUNCTION locate_point_row();
DROP FUNCTION locate_school();
CREATE TRIGGER lights_locate BEFORE INSERT OR UPDATE OF geom ON lights
  FOR EACH ROW EXECUTE FUNCTION locate_point_row();

-- Whether a light of this status lights the road on `day` (null: today): put up by then and not
-- faulty or removed by then. A faulty light is dark until it is repaired (status back to working).
CREATE FUNCTION light_lights(status text, installed_on date, status_on date, day date DEFAULT NULL) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN status = 'planned' OR installed_on IS NULL THEN false
      WHEN day IS NULL THEN status = 'working'
      WHEN installed_on > day THEN false
      WHEN status IN ('faulty', 'removed') THEN day < status_on
      ELSE true
    END
  $$;

-- Append-only: written in the same transaction as the change it records; never updated or deleted.
CREATE TABLE light_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  light_id integer NOT NULL REFERENCES lights (id),
  at timestamptz NOT NULL DEFAULT now(),
  -- Null: the system (the first start's seed).
  actor_id integer REFERENCES users (id),
  action text NOT NULL CHECK (action IN ('create', 'update', 'status')),
  note text CHECK (length(note) <= 2000),
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX light_events_light_idx ON light_events (light_id, id);
CREATE TRIGGER light_events_append_only BEFORE UPDATE OR DELETE ON light_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
