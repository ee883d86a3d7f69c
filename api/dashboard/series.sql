-- Month by month in area $1 (as kpis.sql counts it: by the county and township each accident was
-- placed in when written, area_part(), a county's own in none of its townships included), over the
-- China days [$2, $3): accidents, deaths and injuries. Months with none are absent.
WITH area AS (SELECT level FROM jurisdictions WHERE code = $1)
SELECT to_char(a.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
       count(*)::int AS accidents, coalesce(sum(a.deaths), 0)::int AS deaths, coalesce(sum(a.injuries), 0)::int AS injuries
FROM accidents a
WHERE a.occurred_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
  AND a.occurred_at < ($3::date::timestamp AT TIME ZONE 'Asia/Shanghai')
  AND area_part((SELECT level FROM area), $1, a.county_code, a.township_code) IS NOT NULL
GROUP BY 1
ORDER BY 1
