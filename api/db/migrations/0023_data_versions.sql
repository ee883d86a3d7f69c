-- A version per table that analyses read, bumped by every statement that changes it (committed
-- with it, rolled back with it). A cached analysis result is keyed by the versions of what it read
-- (api/lib/result-cache.ts), so any write, by any process sharing the database, makes the next
-- request compute afresh; nothing is invalidated by hand.
CREATE TABLE data_versions (
  name text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_versions (name, version) VALUES (TG_TABLE_NAME, 1)
  ON CONFLICT (name) DO UPDATE SET version = data_versions.version + 1, changed_at = now();
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['accidents', 'roads', 'road_routes', 'jurisdictions', 'intersections', 'approaches'] LOOP
    IF to_regclass(t) IS NOT NULL THEN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()', t || '_data_version', t);
      EXECUTE format('INSERT INTO data_versions (name) VALUES (%L) ON CONFLICT DO NOTHING', t);
    END IF;
  END LOOP;
END $$;
