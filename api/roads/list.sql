-- $1..$4 optional bbox (lon/lat), $5 optional class list. 5 decimals ≈ 1 m: plenty for drawing.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', id,
    'geometry', ST_AsGeoJSON(geom, 5)::json,
    'properties', json_build_object(
      'id', id, 'class', class, 'name', name, 'ref', ref, 'designSpeed', design_speed,
      'lit', lit, 'urban', urban, 'synthetic', synthetic)
  ) ORDER BY id), '[]'::json)
)::text AS fc
FROM roads
WHERE ($1::float8 IS NULL OR geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))
  AND ($5::text[] IS NULL OR class = ANY ($5))
