SELECT count(*) AS n, json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', a.id,
    'geometry', ST_AsGeoJSON(a.geom, 6)::json,
    'properties', json_build_object(
      'id', a.id, 'externalId', a.external_id,
      'occurredAt', to_char(a.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"'),
      'severity', a.severity, 'deaths', a.deaths, 'injuries', a.injuries, 'vehicleTypes', a.vehicle_types,
      'light', a.light, 'weather', a.weather, 'roadId', coalesce(a.road_id, a.snap_road_id), 'synthetic', a.synthetic)
  ) ORDER BY a.occurred_at, a.id), '[]'::json)
)::text AS fc
FROM accidents a
WHERE /*FILTER*/
