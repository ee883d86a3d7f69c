-- Lights as a GeoJSON FeatureCollection (as text, sent untouched), by id. Filters, each null for
-- all: $1 county, $2 township, $3 programmes, $4 statuses, $5 one light's id. `lighting`: it lights
-- the road today (light_lights). `road`: the nearest road within 50 m, the one it lights.
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
  'type', 'Feature', 'id', l.id,
  'geometry', ST_AsGeoJSON(l.geom, 7)::json,
  'properties', json_build_object(
    'id', l.id, 'type', l.type, 'programme', l.programme, 'name', l.name,
    'lon', round(ST_X(l.geom)::numeric, 7), 'lat', round(ST_Y(l.geom)::numeric, 7),
    'countyCode', l.county_code, 'townshipCode', l.township_code,
    'county', json_build_object('code', c.code, 'name', c.name, 'nameEn', c.name_en),
    'township', CASE WHEN t.code IS NULL THEN NULL ELSE json_build_object('code', t.code, 'name', t.name, 'nameEn', t.name_en) END,
    'road', rd.road,
    'status', l.status, 'statusOn', l.status_on, 'installedOn', l.installed_on,
    'installedBy', l.installed_by, 'cost', l.cost::float8,
    'lighting', light_lights(l.status, l.installed_on, l.status_on),
    'hazard', CASE WHEN h.id IS NULL THEN NULL ELSE json_build_object('id', h.id, 'number', h.number, 'status', h.status) END,
    'source', l.source, 'synthetic', l.synthetic, 'version', l.version
  )) ORDER BY l.id), '[]'))::text AS fc
FROM lights l
JOIN jurisdictions c ON c.code = l.county_code
LEFT JOIN jurisdictions t ON t.code = l.township_code
LEFT JOIN hazards h ON h.id = l.hazard_id
LEFT JOIN LATERAL (
  SELECT json_build_object('id', r.id, 'name', coalesce(r.name, r.ref), 'class', r.class, 'lit', r.lit) AS road
  FROM roads r WHERE ST_DWithin(r.geom_m, l.geom_m, 50)
  ORDER BY r.geom_m <-> l.geom_m LIMIT 1
) rd ON true
WHERE ($1::text IS NULL OR l.county_code = $1)
  AND ($2::text IS NULL OR l.township_code = $2)
  AND ($3::text[] IS NULL OR l.programme = ANY ($3))
  AND ($4::text[] IS NULL OR l.status = ANY ($4))
  AND ($5::int IS NULL OR l.id = $5);
