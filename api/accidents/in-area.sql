-- The ids of the accidents inside area $1 (the city, a county or a township), as the dashboard
-- counts them (api/dashboard/kpis.sql): by the county and township each was placed in when written
-- (0035, area_part() in 0040), a county's own in none of its townships included. Ascending.
WITH area AS (SELECT code, level FROM jurisdictions WHERE code = $1)
SELECT coalesce(string_agg(a.id::text, ',' ORDER BY a.id), '') AS ids, count(a.id)::int AS n
FROM area
JOIN accidents a ON area_part(area.level, $1, a.county_code, a.township_code) IS NOT NULL
