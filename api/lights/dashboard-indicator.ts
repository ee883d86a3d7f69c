import { inArea, type DashboardIndicator } from '../dashboard/indicator';

/** 第一盏灯: first-light programme lights put up in the period, and those working now. */
export const firstLightIndicator: DashboardIndicator = {
  id: 'first-lights',
  name: '本期新装第一盏灯',
  nameEn: 'First lights put up in the period',
  detail: { name: '在用', nameEn: 'working now' },
  sql: `SELECT count(*) FILTER (WHERE l.status <> 'planned' AND l.installed_on >= $2::date AND l.installed_on < $3::date)::int AS value,
               count(*) FILTER (WHERE l.status = 'working')::int AS detail
        FROM lights l WHERE l.programme = 'first_light' AND ${inArea('l')}`,
};
