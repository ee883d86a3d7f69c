import { inArea, type DashboardIndicator } from '../dashboard/indicator';

/** 视距不足路口: the analysed intersections whose sight triangles fall short, and how many of them severely. */
export const sightLineIndicator: DashboardIndicator = {
  id: 'sight-lines',
  name: '视距不足路口',
  nameEn: 'Intersections short of sight distance',
  detail: { name: '其中严重', nameEn: 'severe' },
  sql: `SELECT count(*) FILTER (WHERE i.deficient)::int AS value, count(*) FILTER (WHERE i.deficient AND i.severity = 'severe')::int AS detail
        FROM intersections i WHERE ${inArea('i')} AND $2::date IS NOT NULL AND $3::date IS NOT NULL`,
};
