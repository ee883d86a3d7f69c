import { inArea, type DashboardIndicator } from '../dashboard/indicator';

/** 马路市场: the markets still meeting on the road (active), and those regulated (规范). */
export const marketIndicator: DashboardIndicator = {
  id: 'markets',
  name: '在册马路市场（占道）',
  nameEn: 'Roadside markets on the road',
  detail: { name: '已规范', nameEn: 'regulated' },
  sql: `SELECT count(*) FILTER (WHERE m.status = 'active')::int AS value, count(*) FILTER (WHERE m.status = 'regulated')::int AS detail
        FROM markets m WHERE ${inArea('m')} AND $2::date IS NOT NULL AND $3::date IS NOT NULL`,
};
