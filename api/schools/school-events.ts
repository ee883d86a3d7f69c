import type pg from 'pg';

export type SchoolAction =
  | 'audit' | 'audit_hazards' | 'guard_post_create' | 'guard_post_update' | 'guard_post_delete'
  // Migration 0020: schools entered or imported, changed, and their gates.
  | 'create' | 'update' | 'gate_create' | 'gate_delete';

/** Appends an event about a school in the write's transaction (school_events refuses updates and deletes). */
export async function addSchoolEvent(client: pg.ClientBase, e: { schoolId: number; actorId: number; action: SchoolAction; data: Record<string, unknown> }) {
  await client.query(`INSERT INTO school_events (school_id, actor_id, action, data) VALUES ($1, $2, $3, $4)`, [
    e.schoolId, e.actorId, e.action, JSON.stringify(e.data),
  ]);
}
