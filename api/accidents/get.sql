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
-- The county and township the record was placed in when written (point_area(), 0035): the ones the
-- dashboard counts it in.
LEFT JOIN jurisdictions c ON c.code = a.county_code
LEFT JOIN jurisdictions t ON t.code = a.township_code
WHERE a.id = $1
