-- Photos of a hazard (found, interim measures, evidence of the work done). Stored in the
-- database, so a backup of it is a backup of everything and both engines behave the same. The
-- image is kept as uploaded but turned upright (EXIF orientation applied) and without metadata
-- (no camera GPS or serial numbers leave with an export); a thumbnail beside it. Never deleted.
CREATE TABLE attachments (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hazard_id integer NOT NULL REFERENCES hazards (id),
  -- The event that recorded the upload.
  event_id bigint NOT NULL REFERENCES hazard_events (id),
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes integer NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  data bytea NOT NULL,
  thumb bytea NOT NULL,
  uploaded_by integer NOT NULL REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_hazard_idx ON attachments (hazard_id, id);
CREATE TRIGGER attachments_never_changed BEFORE UPDATE OR DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
