-- Base schema: jurisdictions, roads, villages, accidents. Geometry is stored in EPSG:4326;
-- each spatial table also keeps `geom_m`, the same geometry in the metric CRS (app_settings
-- 'metric_srid', default EPSG:4498),
-- filled by trigger so metric analyses never transform per row at query time.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE app_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);
-- EPSG:4498 = CGCS2000 / Gauss-Kruger zone 20 (6-degree, central meridian 117E): covers all of Liaocheng.
INSERT INTO app_settings (key, value) VALUES ('metric_srid', '4498');

CREATE FUNCTION metric_srid() RETURNS integer
  LANGUAGE sql STABLE
  AS $$ SELECT value::integer FROM app_settings WHERE key = 'metric_srid' $$;
COMMENT ON FUNCTION metric_srid() IS 'The projected CRS used for metric work (buffers, distances, clustering).';

CREATE FUNCTION set_geom_m() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.geom_m := ST_Transform(NEW.geom, metric_srid());
  RETURN NEW;
END $$;

CREATE TABLE jurisdictions (
  code text PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('city', 'county', 'township')),
  name text NOT NULL,
  name_en text,
  parent_code text REFERENCES jurisdictions (code),
  population integer,
  approximate boolean NOT NULL DEFAULT false,
  anchor geometry(Point, 4326),
  geom geometry(MultiPolygon, 4326),
  geom_m geometry(MultiPolygon)
);
CREATE INDEX jurisdictions_geom_idx ON jurisdictions USING gist (geom);
CREATE INDEX jurisdictions_level_idx ON jurisdictions (level);
CREATE TRIGGER jurisdictions_geom_m BEFORE INSERT OR UPDATE OF geom ON jurisdictions
  FOR EACH ROW EXECUTE FUNCTION set_geom_m();

CREATE TABLE villages (
  code text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('village', 'community')),
  township_code text NOT NULL REFERENCES jurisdictions (code),
  county_code text NOT NULL REFERENCES jurisdictions (code),
  synthetic_position boolean NOT NULL DEFAULT true,
  geom geometry(Point, 4326) NOT NULL,
  geom_m geometry(Point)
);
CREATE INDEX villages_geom_idx ON villages USING gist (geom);
CREATE TRIGGER villages_geom_m BEFORE INSERT OR UPDATE OF geom ON villages
  FOR EACH ROW EXECUTE FUNCTION set_geom_m();

CREATE TABLE roads (
  id integer PRIMARY KEY,
  class text NOT NULL CHECK (class IN ('expressway', 'national', 'provincial', 'county', 'township',
                                       'village', 'urban_arterial', 'urban_street')),
  name text,
  ref text,
  design_speed integer NOT NULL CHECK (design_speed BETWEEN 5 AND 140),
  lit boolean NOT NULL DEFAULT false,
  urban boolean NOT NULL DEFAULT false,
  county_code text REFERENCES jurisdictions (code),
  synthetic boolean NOT NULL DEFAULT true,
  geom geometry(LineString, 4326) NOT NULL,
  geom_m geometry(LineString)
);
CREATE INDEX roads_geom_idx ON roads USING gist (geom);
CREATE INDEX roads_geom_m_idx ON roads USING gist (geom_m);
CREATE TRIGGER roads_geom_m BEFORE INSERT OR UPDATE OF geom ON roads
  FOR EACH ROW EXECUTE FUNCTION set_geom_m();

CREATE TABLE accidents (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  occurred_at timestamptz NOT NULL,
  severity text NOT NULL CHECK (severity IN ('fatal', 'injury', 'pdo')),
  deaths integer NOT NULL DEFAULT 0 CHECK (deaths >= 0),
  injuries integer NOT NULL DEFAULT 0 CHECK (injuries >= 0),
  vehicle_types text[] NOT NULL DEFAULT '{}',
  light text NOT NULL CHECK (light IN ('day', 'dusk', 'dark_lit', 'dark_unlit')),
  weather text CHECK (weather IN ('clear', 'cloudy', 'rain', 'fog', 'snow')),
  road_id integer REFERENCES roads (id),
  synthetic boolean NOT NULL DEFAULT false,
  geom geometry(Point, 4326) NOT NULL,
  geom_m geometry(Point),
  CHECK (severity <> 'fatal' OR deaths > 0)
);
CREATE INDEX accidents_geom_idx ON accidents USING gist (geom);
CREATE INDEX accidents_geom_m_idx ON accidents USING gist (geom_m);
CREATE INDEX accidents_occurred_at_idx ON accidents (occurred_at);
CREATE TRIGGER accidents_geom_m BEFORE INSERT OR UPDATE OF geom ON accidents
  FOR EACH ROW EXECUTE FUNCTION set_geom_m();
