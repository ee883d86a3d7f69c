-- Hazards open past their deadline today in area $1 (the city, a county = brigade, a township),
-- by brigade (the county) and responsible unit (未交办 when none yet): how many, and the most days overdue.
WITH area AS (SELECT code, level FROM jurisdictions WHERE code = $1),
today AS (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d)
SELECT j.name AS brigade, coalesce(u.name, '未交办') AS unit, count(*)::int AS n, max(today.d - h.deadline)::int AS "maxDays"
FROM hazards h
CROSS JOIN area
CROSS JOIN today
JOIN jurisdictions j ON j.code = h.county_code
LEFT JOIN units u ON u.id = h.unit_id
WHERE (area.level = 'city' OR h.county_code = area.code OR h.township_code = area.code)
  AND h.status <> 'closed' AND h.deadline < today.d
GROUP BY j.code, j.name, u.name
ORDER BY j.code, n DESC, unit
