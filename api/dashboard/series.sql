-- Month by month in area $1 (its parts, area_parts(): an accident in any of them counts once, in
-- the part it was placed in when written, as kpis.sql counts it), over the China days [$2, $3):
-- accidents, deaths and injuries. Months with none are absent.
WITH area AS (SELECT level FROM jurisdictions WHERE code = $1)
SELECT to_char(a.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
       count(*)::int AS accidents, coalesce(sum(a.deaths), 0)::int AS deaths, coalesce(sum(a.injuries), 0)::int AS injuries
FROM accidents a
WHERE a.occurred_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
  AND a.occurred_at < ($3::date::timestamp AT TIME ZONE 'Asia/Shanghai')
  AND CASE (SELECT level FROM area) WHEN 'city' THEN a.county_code ELSE a.township_code END IN (SELECT code FROM area_parts($1))
GROUP BY 1
ORDER BY 1
