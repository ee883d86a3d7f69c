SELECT a.id, a.external_id AS "externalId",
       to_char(a.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') AS "occurredAt",
       a.severity, a.deaths, a.injuries, a.vehicle_types AS "vehicleTypes", a.light, a.weather,
       a.synthetic, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat,
       -- What an imported record says beyond the analysed fields, and where it came from.
       a.place, a.manner, a.property_loss::float8 AS "propertyLoss", a.stake, a.placed_by AS "placedBy",
       CASE WHEN a.source IS NULL THEN NULL ELSE json_build_object('file', a.source->>'file', 'row', (a.source->>'row')::int, 'by', a.source->>'by',
         'at', to_char(a.imported_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')) END AS source,
       coalesce(a.road_id, a.snap_road_id) AS "roadId", r.name AS "roadName", r.ref AS "roadRef", r.class AS "roadClass",
       c.code AS "countyCode", c.name AS "countyName", t.code AS "townshipCode", t.name AS "townshipName"
FROM accidents a
LEFT JOIN roads r ON r.id = coalesce(a.road_id, a.snap_road_id)
LEFT JOIN LATERAL (SELECT code, name FROM jurisdictions
                   WHERE level = 'county' AND ST_Intersects(geom, a.geom) LIMIT 1) c ON true
LEFT JOIN LATERAL (SELECT code, name FROM jurisdictions
                   WHERE level = 'township' AND ST_Intersects(geom, a.geom) LIMIT 1) t ON true
WHERE a.id = $1
