import { inArea, type DashboardIndicator } from '../dashboard/indicator';

/** 护学岗: schools with no guard post at any gate, of all schools. */
export const guardPostIndicator: DashboardIndicator = {
  id: 'schools-without-guard',
  name: '未设护学岗学校',
  nameEn: 'Schools without a guard post',
  detail: { name: '学校总数', nameEn: 'schools' },
  sql: `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM school_gates g JOIN guard_posts p ON p.gate_id = g.id WHERE g.school_id = s.id))::int AS value,
               count(*)::int AS detail
        FROM schools s WHERE ${inArea('s')} AND $2::date IS NOT NULL AND $3::date IS NOT NULL`,
};
