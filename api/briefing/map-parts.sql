-- The outlines drawn on the briefing's map of area $1: its parts (the counties of the city, the
-- townships of a county, or the township itself), simplified to about 50 m, with a label point.
WITH area AS (SELECT code, level FROM jurisdictions WHERE code = $1)
SELECT j.code, j.name,
       ST_AsGeoJSON(ST_SimplifyPreserveTopology(j.geom, 0.0005), 5)::json AS geometry,
       json_build_array(ST_X(coalesce(j.anchor, ST_PointOnSurface(j.geom))), ST_Y(coalesce(j.anchor, ST_PointOnSurface(j.geom)))) AS label
FROM jurisdictions j, area
WHERE j.geom IS NOT NULL
  AND ((area.level = 'township' AND j.code = area.code)
    OR (area.level <> 'township' AND j.parent_code = area.code
        AND j.level = CASE area.level WHEN 'city' THEN 'county' ELSE 'township' END))
ORDER BY j.code
