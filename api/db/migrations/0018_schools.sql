-- School surroundings (校园周边, GA/T 1215-2014): schools, their gates on the road, guard posts
-- (护学岗) at the gates, zone audits, the append-only events of every write, and the school
-- calendar's settings (terms, hours). A school's zone — the roads within 150 m of its gates — is
-- not stored: school_zone_roads() derives it from the gates and the roads whenever it is read.

CREATE TABLE schools (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('primary', 'junior_middle', 'senior_middle', 'nine_year', 'vocational', 'other')),
  -- Where it lies, decided by PostGIS from the point (trigger below), never typed in.
  county_code text NOT NULL REFERENCES jurisdictions (code),
  township_code text REFERENCES jurisdictions (code),
  -- The school site.
  geom geometry(Point, 4326) NOT NULL,
  geom_m geometry(Point),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
  synthetic boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schools_geom_idx ON schools USING gist (geom);
CREATE INDEX schools_geom_m_idx ON schools USING gist (geom_m);
CREATE INDEX schools_area_idx ON schools (county_code, township_code);
CREATE TRIGGER schools_geom_m BEFORE INSERT OR UPDATE OF geom ON schools
  FOR EACH ROW EXECUTE FUNCTION set_geom_m();

-- The county and township holding the point (as api/lib/point-input.ts locatePoint decides it for
-- hazards); a point outside every county leaves county_code null, which NOT NULL refuses.
CREATE FUNCTION locate_school() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  SELECT c.code INTO NEW.county_code FROM jurisdictions c
  WHERE c.level = 'county' AND ST_Intersects(c.geom, NEW.geom) ORDER BY c.code LIMIT 1;
  SELECT t.code INTO NEW.township_code FROM jurisdictions t
  WHERE t.level = 'township' AND t.parent_code = NEW.county_code AND ST_Intersects(t.geom, NEW.geom) ORDER BY t.code LIMIT 1;
  RETURN NEW;
END $$;
CREATE TRIGGER schools_locate BEFORE INSERT OR UPDATE OF geom ON schools
  FOR EACH ROW EXECUTE FUNCTION locate_school();

-- A gate, on the road it opens onto (the point lies on the road's line).
CREATE TABLE school_gates (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_id integer NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40), -- 正门, 侧门, 东门 …
  -- The road piece the gate is on. No foreign key: a network import replaces the roads (as approaches).
  road_id integer,
  geom geometry(Point, 4326) NOT NULL,
  geom_m geometry(Point),
  synthetic boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX school_gates_school_idx ON school_gates (school_id);
CREATE INDEX school_gates_geom_m_idx ON school_gates USING gist (geom_m);
CREATE TRIGGER school_gates_geom_m BEFORE INSERT OR UPDATE OF geom ON school_gates
  FOR EACH ROW EXECUTE FUNCTION set_geom_m();

-- 护学岗: who stands at a gate, when. `hours`: [{label: arrival|midday|dismissal, from: 'HH:MM', to}]
-- (checked by the API); `days`: ISO weekdays, 1 = Monday.
CREATE TABLE guard_posts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  gate_id integer NOT NULL REFERENCES school_gates (id) ON DELETE CASCADE,
  hours jsonb NOT NULL CHECK (jsonb_typeof(hours) = 'array' AND jsonb_array_length(hours) BETWEEN 1 AND 3),
  days smallint[] NOT NULL CHECK (cardinality(days) BETWEEN 1 AND 7 AND days <@ ARRAY[1, 2, 3, 4, 5, 6, 7]::smallint[]),
  police smallint NOT NULL DEFAULT 0 CHECK (police BETWEEN 0 AND 100),
  auxiliary smallint NOT NULL DEFAULT 0 CHECK (auxiliary BETWEEN 0 AND 100),
  teachers smallint NOT NULL DEFAULT 0 CHECK (teachers BETWEEN 0 AND 100),
  parents smallint NOT NULL DEFAULT 0 CHECK (parents BETWEEN 0 AND 100),
  note text CHECK (length(note) <= 500),
  synthetic boolean NOT NULL DEFAULT false,
  -- Every write names the version it read; a stale one is refused (409), never overwritten.
  version integer NOT NULL DEFAULT 1,
  created_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (police + auxiliary + teachers + parents > 0)
);
CREATE INDEX guard_posts_gate_idx ON guard_posts (gate_id);

-- A zone audit after GA/T 1215-2014: `items` is the whole checklist, [{item, result: pass|fail|na,
-- note}] in the fixed order (shared/schools/school-terms.ts). Append-only, like hazard_events: a
-- later audit supersedes an earlier one, which stays as it was recorded.
CREATE TABLE school_audits (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_id integer NOT NULL REFERENCES schools (id),
  done_on date NOT NULL,
  -- Null only for a synthetic audit seeded before any demo officer existed.
  done_by integer REFERENCES users (id),
  items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
  note text CHECK (length(note) <= 2000),
  synthetic boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (done_by IS NOT NULL OR synthetic)
);
CREATE INDEX school_audits_school_idx ON school_audits (school_id, done_on DESC, id DESC);
CREATE TRIGGER school_audits_append_only BEFORE UPDATE OR DELETE ON school_audits
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Which failed audit item became which hazard (校园周边 in the ledger): once per item.
CREATE TABLE school_audit_hazards (
  audit_id integer NOT NULL REFERENCES school_audits (id),
  item text NOT NULL,
  hazard_id integer NOT NULL REFERENCES hazards (id),
  PRIMARY KEY (audit_id, item)
);
CREATE TRIGGER school_audit_hazards_append_only BEFORE UPDATE OR DELETE ON school_audit_hazards
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Every write about a school (audits, guard posts, hazards from an audit), in the write's
-- transaction; never updated or deleted. `data` holds what was written (a deleted post as it was).
CREATE TABLE school_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_id integer NOT NULL REFERENCES schools (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id integer NOT NULL REFERENCES users (id),
  action text NOT NULL CHECK (action IN ('audit', 'audit_hazards', 'guard_post_create', 'guard_post_update', 'guard_post_delete')),
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX school_events_school_idx ON school_events (school_id, id);
CREATE TRIGGER school_events_append_only BEFORE UPDATE OR DELETE ON school_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- School terms: a school day is a working day of calendar_days (holidays and 调休 included) inside
-- a term. Filled with the usual Shandong pattern for every school year 2000–2039 (autumn 09-01 →
-- 01-20, spring 02-20 → 07-10); a year whose real dates differ is corrected in its rows.
CREATE TABLE school_terms (
  school_year text NOT NULL CHECK (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
  term text NOT NULL CHECK (term IN ('autumn', 'spring')),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  PRIMARY KEY (school_year, term),
  CHECK (ends_on >= starts_on)
);
INSERT INTO school_terms (school_year, term, starts_on, ends_on)
SELECT y || '-' || (y + 1), t.term,
       make_date(y + t.start_year, t.start_month, t.start_day), make_date(y + t.end_year, t.end_month, t.end_day)
FROM generate_series(2000, 2039) y,
     (VALUES ('autumn', 0, 9, 1, 1, 1, 20), ('spring', 1, 2, 20, 1, 7, 10))
       AS t(term, start_year, start_month, start_day, end_year, end_month, end_day);

-- School hours (local time, [starts, ends)): when pupils arrive and leave. 午间 is off by default.
CREATE TABLE school_hours (
  label text PRIMARY KEY CHECK (label IN ('arrival', 'midday', 'dismissal')),
  starts time NOT NULL,
  ends time NOT NULL,
  CHECK (ends > starts)
);
INSERT INTO school_hours (label, starts, ends) VALUES ('arrival', '07:00', '08:00'), ('dismissal', '16:30', '18:00');

-- The zone (校园周边道路, GA/T 1215-2014): for each school, the pieces of road inside the union of
-- `radius`-metre buffers of its gates (32 segments a quarter circle: within 5 cm of the circle),
-- one row per road piece. Expressways are left out: fenced, with no access from a gate.
-- Computed, not stored: it follows gate and road edits (imports included) with nothing to rebuild,
-- and costs a buffer and an indexed intersection per school (a few ms for the city's 220). A
-- function, not a view, so its tables are looked up when it runs (as road_speeds(), 0015).
CREATE FUNCTION school_zone_roads(ids integer[] DEFAULT NULL, radius float8 DEFAULT 150)
  RETURNS TABLE (school_id integer, road_id integer, geom_m geometry, length_m float8)
  LANGUAGE sql STABLE AS $$
  SELECT g.school_id, r.id, x.piece, ST_Length(x.piece)
  FROM (SELECT gt.school_id, ST_Union(ST_Buffer(gt.geom_m, radius, 32)) AS area
        FROM school_gates gt WHERE ids IS NULL OR gt.school_id = ANY (ids) GROUP BY gt.school_id) g
  JOIN roads r ON r.class <> 'expressway' AND ST_Intersects(r.geom_m, g.area)
  CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(r.geom_m, g.area), 2) AS piece) x
  WHERE NOT ST_IsEmpty(x.piece)
$$;
COMMENT ON FUNCTION school_zone_roads(integer[], float8) IS
  'The road pieces within radius m (default 150, GA/T 1215-2014) of each school''s gates; all schools when ids is null.';

-- One MultiLineString per school (schools without a road in reach have none).
CREATE FUNCTION school_zones(ids integer[] DEFAULT NULL, radius float8 DEFAULT 150)
  RETURNS TABLE (school_id integer, geom_m geometry, length_m float8)
  LANGUAGE sql STABLE AS $$
  SELECT z.school_id, z.g, ST_Length(z.g)
  FROM (SELECT zr.school_id, ST_Multi(ST_CollectionExtract(ST_Union(zr.geom_m), 2)) AS g
        FROM school_zone_roads(ids, radius) zr GROUP BY zr.school_id) z
$$;
COMMENT ON FUNCTION school_zones(integer[], float8) IS
  'Each school''s zone as one MultiLineString (metric CRS) and its length in m.';
