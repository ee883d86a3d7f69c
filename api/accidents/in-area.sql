-- The ids of the accidents inside area $1 (a county or township; the city: all in any county), as
-- the dashboard counts them (api/dashboard/kpis.sql): by the county and township each was placed
-- in when written (0035), a county's only those in one of its townships. Ascending.
WITH area AS (SELECT code, level FROM jurisdictions WHERE code = $1)
SELECT coalesce(string_agg(a.id::text, ',' ORDER BY a.id), '') AS ids, count(a.id)::int AS n
FROM area
JOIN accidents a ON CASE area.level WHEN 'city' THEN a.county_code ELSE a.township_code END IN (SELECT code FROM area_parts($1))
