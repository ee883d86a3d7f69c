/**
 * How schools' parts look in the API, as SQL fragments over fixed aliases, shared by the reads and
 * by the writes that answer with what they wrote.
 */

/** A school's own fields, from `schools s` with SCHOOL_JOINS (its county `c` and township `t`). */
export const SCHOOL_JSON = `json_build_object(
  'id', s.id, 'name', s.name, 'kind', s.kind,
  'county', json_build_object('code', c.code, 'name', c.name, 'nameEn', c.name_en),
  'township', CASE WHEN t.code IS NULL THEN NULL ELSE json_build_object('code', t.code, 'name', t.name, 'nameEn', t.name_en) END,
  'lon', round(ST_X(s.geom)::numeric, 7), 'lat', round(ST_Y(s.geom)::numeric, 7),
  'source', s.source, 'synthetic', s.synthetic, 'version', s.version,
  'createdAt', s.created_at, 'updatedAt', s.updated_at)`;
export const SCHOOL_JOINS = `JOIN jurisdictions c ON c.code = s.county_code LEFT JOIN jurisdictions t ON t.code = s.township_code`;

/** A guard post, from `guard_posts p JOIN school_gates g ON g.id = p.gate_id`. */
export const GUARD_POST_JSON = `json_build_object(
  'id', p.id, 'schoolId', g.school_id, 'gateId', p.gate_id, 'gate', g.name, 'hours', p.hours, 'days', p.days,
  'staffing', json_build_object('police', p.police, 'auxiliary', p.auxiliary, 'teachers', p.teachers, 'parents', p.parents),
  'note', p.note, 'synthetic', p.synthetic, 'version', p.version, 'createdAt', p.created_at, 'updatedAt', p.updated_at)`;

/**
 * An audit, from `school_audits a LEFT JOIN users u ON u.id = a.done_by`; who did it only when
 * `$people` (a boolean parameter) says the reader may see names; the hazards its failed items became.
 */
export const auditJson = (people: string) => `json_build_object(
  'id', a.id, 'schoolId', a.school_id, 'doneOn', a.done_on,
  'doneBy', CASE WHEN ${people} AND u.id IS NOT NULL THEN json_build_object('username', u.username, 'displayName', u.display_name) END,
  'items', a.items,
  'failed', (SELECT count(*)::int FROM jsonb_array_elements(a.items) i WHERE i->>'result' = 'fail'),
  'note', a.note, 'synthetic', a.synthetic, 'createdAt', a.created_at,
  'hazards', (SELECT coalesce(json_agg(json_build_object('item', ah.item, 'hazardId', h.id, 'number', h.number, 'status', h.status)
                                       ORDER BY ah.item), '[]')
              FROM school_audit_hazards ah JOIN hazards h ON h.id = ah.hazard_id WHERE ah.audit_id = a.id))`;
