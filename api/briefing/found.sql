-- Hazards found in area $1 in the days [$2, $3) by type, most first (the dashboard's `found`).
WITH area AS (SELECT code, level FROM jurisdictions WHERE code = $1)
SELECT h.type, count(*)::int AS n
FROM hazards h CROSS JOIN area
WHERE (area.level = 'city' OR h.county_code = area.code OR h.township_code = area.code)
  AND h.found_on >= $2::date AND h.found_on < $3::date
GROUP BY h.type
ORDER BY n DESC, h.type
