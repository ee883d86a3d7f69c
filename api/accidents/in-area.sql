-- The ids of the accidents inside area $1 (a county or township; the city: all in any county), as
-- the dashboard counts them (api/dashboard/kpis.sql): in the area's polygon, and on a border
-- shared with a sibling of lower code, that sibling's. Ascending.
WITH area AS (SELECT code, level, parent_code, geom FROM jurisdictions WHERE code = $1)
SELECT coalesce(string_agg(a.id::text, ',' ORDER BY a.id), '') AS ids, count(a.id)::int AS n
FROM area
JOIN accidents a ON (area.level = 'city' AND EXISTS (SELECT 1 FROM jurisdictions c WHERE c.parent_code = area.code AND c.level = 'county' AND ST_Intersects(c.geom, a.geom)))
                 OR (area.level <> 'city' AND ST_Intersects(area.geom, a.geom)
                     AND NOT EXISTS (SELECT 1 FROM jurisdictions s
                                     WHERE s.parent_code = area.parent_code AND s.level = area.level AND s.code < area.code
                                       AND ST_Intersects(s.geom, a.geom)))
