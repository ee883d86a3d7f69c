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

/**
 * 第一盏灯's effect: crashes in the dark within the light radius (light_radius_m) of the area's
 * first lights in the year after each was put up, against the year before, for the lights whose
 * year after has ended by the end of the period. A crash near two lights counts once on each side.
 * A plain count beside the evaluation's (api/evaluation/) estimate with its comparison group.
 */
export const firstLightEffectIndicator: DashboardIndicator = {
  id: 'first-light-effect',
  name: '第一盏灯装后一年夜间事故',
  nameEn: 'Night crashes at first lights, year after',
  detail: { name: '装前一年', nameEn: 'year before' },
  sql: `WITH lit AS (
          SELECT l.geom_m, l.installed_on AS day FROM lights l
          WHERE l.programme = 'first_light' AND l.status <> 'planned' AND l.installed_on IS NOT NULL
            AND l.installed_on + interval '1 year' <= $3::date AND $2::date IS NOT NULL AND ${inArea('l')}
        ),
        near AS (
          SELECT a.id,
                 bool_or(d.day >= (l.day - interval '1 year')::date AND d.day < l.day) AS before,
                 bool_or(d.day >= l.day AND d.day < (l.day + interval '1 year')::date) AS after
          FROM lit l
          JOIN accidents a ON ST_DWithin(a.geom_m, l.geom_m, (SELECT value::float8 FROM app_settings WHERE key = 'light_radius_m'))
          CROSS JOIN LATERAL (SELECT (a.occurred_at AT TIME ZONE 'Asia/Shanghai')::date AS day) d
          WHERE a.light IN ('dark_lit', 'dark_unlit')
          GROUP BY a.id
        )
        SELECT count(*) FILTER (WHERE after)::int AS value, count(*) FILTER (WHERE before)::int AS detail FROM near`,
};
