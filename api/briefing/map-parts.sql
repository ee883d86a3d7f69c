-- The outlines drawn on the briefing's map of area $1: its parts (the counties of the city, the
-- townships of a county, or the township itself), simplified to about 50 m, with a label point.
SELECT j.code, j.name,
       ST_AsGeoJSON(ST_SimplifyPreserveTopology(j.geom, 0.0005), 5)::json AS geometry,
       json_build_array(ST_X(coalesce(j.anchor, ST_PointOnSurface(j.geom))), ST_Y(coalesce(j.anchor, ST_PointOnSurface(j.geom)))) AS label
FROM area_parts($1) p
JOIN jurisdictions j ON j.code = p.code
WHERE p.geom IS NOT NULL
ORDER BY j.code
