-- Schools entered and imported by brigades (POST /api/schools, /api/schools/import), moved or
-- renamed (PATCH), and their gates added and removed: each such write is a school event too.
-- Schools are never deleted: audits, their hazards and the events refer to them.
ALTER TABLE school_events DROP CONSTRAINT school_events_action_check;
ALTER TABLE school_events ADD CONSTRAINT school_events_action_check CHECK (action IN (
  'audit', 'audit_hazards', 'guard_post_create', 'guard_post_update', 'guard_post_delete',
  'create', 'update', 'gate_create', 'gate_delete'));
