-- Removing the demo world once real data is in (npm run demo:remove, api/seed/remove-demo.ts):
-- every synthetic record goes, with the events that record its history; imported and entered
-- records stay. The append-only tables let this one deliberate removal through: it sets
-- changan.removing_demo for its own transaction only, and refuse_change() lets deletes through
-- only then (the function deletes only the history of synthetic records).
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('changan.removing_demo', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;

-- Everything synthetic except the road network (which the caller replaces, then rebuilds the
-- routes, intersections and sight lines). Returns how many of each went.
CREATE FUNCTION remove_demo_records() RETURNS jsonb
  LANGUAGE plpgsql
  AS $$
DECLARE
  out jsonb := '{}';
  n integer;
BEGIN
  PERFORM set_config('changan.removing_demo', 'on', true);
  -- The ledger: synthetic hazards, their events and photos, and what points at them.
  CREATE TEMP TABLE demo_hazards ON COMMIT DROP AS SELECT id FROM hazards WHERE synthetic;
  UPDATE hazards SET duplicate_of = NULL WHERE duplicate_of IN (SELECT id FROM demo_hazards) AND NOT synthetic;
  UPDATE lights SET hazard_id = NULL WHERE hazard_id IN (SELECT id FROM demo_hazards) AND NOT synthetic;
  DELETE FROM school_audit_hazards WHERE hazard_id IN (SELECT id FROM demo_hazards)
     OR audit_id IN (SELECT id FROM school_audits WHERE synthetic OR school_id IN (SELECT id FROM schools WHERE synthetic));
  DELETE FROM attachments WHERE hazard_id IN (SELECT id FROM demo_hazards);
  DELETE FROM hazard_events WHERE hazard_id IN (SELECT id FROM demo_hazards);
  DELETE FROM hazards WHERE id IN (SELECT id FROM demo_hazards);
  GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('hazards', n);
  -- Markets: a real hazard may name a synthetic market; it keeps its place, not the link.
  UPDATE hazards SET market_id = NULL WHERE market_id IN (SELECT id FROM markets WHERE synthetic);
  DELETE FROM market_events WHERE market_id IN (SELECT id FROM markets WHERE synthetic);
  DELETE FROM markets WHERE synthetic;
  GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('markets', n);
  -- Schools (placed synthetically), and synthetic gates, posts and audits of real ones.
  DELETE FROM school_events WHERE school_id IN (SELECT id FROM schools WHERE synthetic);
  DELETE FROM school_audits WHERE synthetic OR school_id IN (SELECT id FROM schools WHERE synthetic);
  DELETE FROM guard_posts WHERE synthetic;
  DELETE FROM school_gates WHERE synthetic AND school_id NOT IN (SELECT id FROM schools WHERE synthetic);
  DELETE FROM schools WHERE synthetic;
  GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('schools', n);
  DELETE FROM light_events WHERE light_id IN (SELECT id FROM lights WHERE synthetic);
  DELETE FROM lights WHERE synthetic;
  GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('lights', n);
  DELETE FROM obstacles WHERE synthetic;
  GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('obstacles', n);
  DELETE FROM accidents WHERE synthetic;
  GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('accidents', n);
  -- The generated roads: records that named one let go of it (accidents keep their snap until the rebuild).
  UPDATE accidents SET road_id = NULL WHERE road_id IN (SELECT id FROM roads WHERE synthetic);
  UPDATE school_gates SET road_id = NULL WHERE road_id IN (SELECT id FROM roads WHERE synthetic);
  DELETE FROM roads WHERE synthetic;
  GET DIAGNOSTICS n = ROW_COUNT; out := out || jsonb_build_object('roads', n);
  DELETE FROM kilometre_posts WHERE synthetic;
  INSERT INTO app_settings (key, value) VALUES ('demo_data', '0') ON CONFLICT (key) DO UPDATE SET value = '0';
  PERFORM set_config('changan.removing_demo', 'off', true);
  RETURN out;
END $$;
