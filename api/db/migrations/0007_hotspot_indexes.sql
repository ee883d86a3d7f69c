-- Index-only reads for the road-segment analysis: its scan of a time window needs only these
-- columns, and a segment's yearly counts are read by route position. (Index-only needs a
-- vacuumed table; the seed ends with VACUUM ANALYZE, native autovacuum keeps it so.)
CREATE INDEX accidents_time_cover_idx ON accidents (occurred_at)
  INCLUDE (snap_route_id, snap_m, severity, deaths, injuries, light, id);
DROP INDEX accidents_snap_idx;
CREATE INDEX accidents_snap_idx ON accidents (snap_route_id, snap_m) INCLUDE (occurred_at, severity, light);

-- Sorts of 100k+ rows in the analyses spill to disk at the default 4 MB.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET work_mem = %L', current_database(), '32MB');
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'work_mem stays at its default: not allowed to ALTER DATABASE %', current_database();
END $$;
