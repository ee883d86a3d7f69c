-- The hazard ledger (隐患台账): hazards, and the append-only events of each.

CREATE TABLE hazards (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- 台账编号: <county code>-<year found>-<n>, numbered per brigade and year (hazard_numbers).
  number text NOT NULL UNIQUE,
  type text NOT NULL CHECK (type IN ('sight_line', 'vegetation', 'roadside_market', 'lighting', 'school',
                                     'signs_markings', 'traffic_calming', 'pavement', 'crop_drying', 'other')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  risk text NOT NULL CHECK (risk IN ('major', 'high', 'general')), -- 重大 / 较大 / 一般
  road_name text CHECK (length(road_name) <= 100),
  geom geometry(Point, 4326) NOT NULL,
  geom_m geometry(Point),
  -- Where it lies, decided by PostGIS when the point is stored or moved.
  county_code text NOT NULL REFERENCES jurisdictions (code),
  township_code text REFERENCES jurisdictions (code),
  status text NOT NULL DEFAULT 'registered'
    CHECK (status IN ('registered', 'assigned', 'rectifying', 'inspecting', 'closed')),
  -- How a closed hazard ended: fixed and re-inspected, or closed as a mistake.
  resolution text CHECK (resolution IN ('rectified', 'invalid', 'duplicate')),
  duplicate_of integer REFERENCES hazards (id),
  unit_id integer REFERENCES units (id),
  deadline date,
  plan text CHECK (length(plan) <= 2000), -- 一点一策
  notice_no text CHECK (length(notice_no) <= 60), -- 整改通知书编号
  measures text CHECK (length(measures) <= 1000), -- interim measures: barriers, patrols
  reporter_id integer NOT NULL REFERENCES users (id),
  found_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  -- Every write names the version it read; a stale one is refused (409), never overwritten.
  version integer NOT NULL DEFAULT 1,
  synthetic boolean NOT NULL DEFAULT false,
  CHECK ((status = 'closed') = (resolution IS NOT NULL)),
  CHECK (status IN ('registered') OR resolution IN ('invalid', 'duplicate') OR unit_id IS NOT NULL)
);
CREATE INDEX hazards_geom_idx ON hazards USING gist (geom);
CREATE INDEX hazards_geom_m_idx ON hazards USING gist (geom_m);
CREATE INDEX hazards_county_status_idx ON hazards (county_code, status);
CREATE INDEX hazards_unit_idx ON hazards (unit_id) WHERE unit_id IS NOT NULL;
CREATE TRIGGER hazards_geom_m BEFORE INSERT OR UPDATE OF geom ON hazards
  FOR EACH ROW EXECUTE FUNCTION set_geom_m();

CREATE TABLE hazard_numbers (
  county_code text NOT NULL,
  year integer NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (county_code, year)
);

-- The next ledger number of a brigade for a year (the row lock orders concurrent registrations).
CREATE FUNCTION next_hazard_number(county text, yr integer) RETURNS text
  LANGUAGE sql
  AS $$
    INSERT INTO hazard_numbers AS h (county_code, year, n) VALUES (county, yr, 1)
    ON CONFLICT (county_code, year) DO UPDATE SET n = h.n + 1
    RETURNING county || '-' || yr || '-' || lpad(n::text, 4, '0')
  $$;

-- Append-only: written in the same transaction as the change it records; never updated or
-- deleted (the triggers refuse).
CREATE TABLE hazard_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hazard_id integer NOT NULL REFERENCES hazards (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id integer NOT NULL REFERENCES users (id),
  action text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  note text CHECK (length(note) <= 2000),
  -- What the action set (unit, deadline, plan, moved point, changed fields…).
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX hazard_events_hazard_idx ON hazard_events (hazard_id, id);

CREATE FUNCTION refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;
CREATE TRIGGER hazard_events_append_only BEFORE UPDATE OR DELETE ON hazard_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER hazards_never_deleted BEFORE DELETE ON hazards
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
