-- The school calendar as an admin sets it (PUT /api/schools/settings): term dates per school year
-- and the hours pupils arrive and leave. Each change is an append-only event holding the version it
-- made, what was and what is now; the settings' version is the newest event's (0 before any), so a
-- change sent with an older version is refused as stale.
CREATE TABLE school_settings_events (
  version integer PRIMARY KEY CHECK (version > 0),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id integer NOT NULL REFERENCES users (id),
  was jsonb NOT NULL,
  now jsonb NOT NULL
);
CREATE TRIGGER school_settings_events_append_only BEFORE UPDATE OR DELETE ON school_settings_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
