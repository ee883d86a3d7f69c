-- Roadside markets (马路市场): the stretch of road a rural market (集) fills on its market days,
-- its schedule and hours, its status, and the append-only events of every write. When a market
-- meets is market_meets() on calendar_days (0016); the market-day analysis is api/markets/analysis.sql.

-- Metres around a market's stretch within which the analysis counts accidents (GET /api/markets/analysis).
INSERT INTO app_settings (key, value) VALUES ('market_buffer_m', '200');

-- The days are an explicit list: lunar 1–30 (逢二、七 = {2,7,12,17,22,27}; a day 30 only meets in
-- long months), solar 1–31 (a day 31 only in long months), weekly 1–7 (ISO, 1 Monday).
CREATE FUNCTION market_days_valid(calendar text, days smallint[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT cardinality(days) BETWEEN 1 AND 31
       AND NOT EXISTS (SELECT 1 FROM unnest(days) d
                       WHERE d IS NULL OR d < 1 OR d > CASE calendar WHEN 'lunar' THEN 30 WHEN 'solar' THEN 31 ELSE 7 END)
  $$;

CREATE TABLE markets (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- The road it fills: a line along the road or the area of the stalls.
  geom geometry(Geometry, 4326) NOT NULL
    CHECK (GeometryType(geom) IN ('LINESTRING', 'MULTILINESTRING', 'POLYGON', 'MULTIPOLYGON') AND ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  geom_m geometry,
  -- Where it lies, decided by PostGIS from the stretch (trigger below), never typed in.
  county_code text NOT NULL REFERENCES jurisdictions (code),
  township_code text REFERENCES jurisdictions (code),
  calendar text NOT NULL CHECK (calendar IN ('lunar', 'solar', 'weekly')),
  days smallint[] NOT NULL CHECK (market_days_valid(calendar, days)),
  hours_from time NOT NULL,
  hours_to time NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'regulated', 'relocated', 'closed')), -- 规范, 已搬迁, 取缔
  -- The day the status began; a market that no longer meets here (closed, relocated) last met the day before.
  status_on date,
  relocated_to geometry(Point, 4326),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  synthetic boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (hours_from < hours_to),
  CHECK (status = 'active' OR status_on IS NOT NULL),
  CHECK (status <> 'relocated' OR relocated_to IS NOT NULL)
);
CREATE INDEX markets_geom_idx ON markets USING gist (geom);
CREATE INDEX markets_geom_m_idx ON markets USING gist (geom_m);
CREATE INDEX markets_area_idx ON markets (county_code, township_code);
CREATE TRIGGER markets_geom_m BEFORE INSERT OR UPDATE OF geom ON markets
  FOR EACH ROW EXECUTE FUNCTION set_geom_m();

-- The county and township at the point of the stretch nearest its centre (a stretch along two
-- roads through a town is placed by the town, not by the end of one arm).
CREATE FUNCTION locate_market() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  p geometry := ST_ClosestPoint(NEW.geom, ST_Centroid(NEW.geom));
BEGIN
  SELECT c.code INTO NEW.county_code FROM jurisdictions c
  WHERE c.level = 'county' AND ST_Intersects(c.geom, p) ORDER BY c.code LIMIT 1;
  SELECT t.code INTO NEW.township_code FROM jurisdictions t
  WHERE t.level = 'township' AND t.parent_code = NEW.county_code AND ST_Intersects(t.geom, p) ORDER BY t.code LIMIT 1;
  RETURN NEW;
END $$;
CREATE TRIGGER markets_locate BEFORE INSERT OR UPDATE OF geom ON markets
  FOR EACH ROW EXECUTE FUNCTION locate_market();

-- Whether a market with this schedule meets on a calendar day (a row of calendar_days).
CREATE FUNCTION market_meets(calendar text, days smallint[], day date, lunar_day smallint, weekday smallint) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE calendar
      WHEN 'lunar' THEN lunar_day = ANY (days)
      WHEN 'solar' THEN extract(day FROM day)::smallint = ANY (days)
      WHEN 'weekly' THEN weekday = ANY (days)
    END
  $$;
COMMENT ON FUNCTION market_meets(text, smallint[], date, smallint, smallint) IS
  'True when a market of this calendar and day list meets on the given calendar_days row.';

-- The days a market still meets at its stretch: all of them, or (closed, relocated) those before status_on.
CREATE FUNCTION market_meets_here(status text, status_on date, day date) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT status NOT IN ('closed', 'relocated') OR day < status_on $$;

-- Append-only: written in the same transaction as the change it records; never updated or deleted.
CREATE TABLE market_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  market_id integer NOT NULL REFERENCES markets (id),
  at timestamptz NOT NULL DEFAULT now(),
  -- Null: the system (the first start's seed).
  actor_id integer REFERENCES users (id),
  action text NOT NULL,
  note text CHECK (length(note) <= 2000),
  -- What the action set (status and its date, changed fields …).
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX market_events_market_idx ON market_events (market_id, id);
CREATE TRIGGER market_events_append_only BEFORE UPDATE OR DELETE ON market_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
