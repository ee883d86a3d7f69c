-- $1..$4 optional bbox (lon/lat), $5 optional class list. 5 decimals ≈ 1 m: plenty for drawing.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', id,
    'geometry', ST_AsGeoJSON(geom, 5)::json,
    'properties', json_build_object(
      'id', r.id, 'class', r.class, 'name', r.name, 'ref', r.ref,
      'designSpeed', rs.speed, 'designSpeedFrom', CASE WHEN rs.own THEN 'road' ELSE 'class' END,
      'lit', r.lit, 'urban', r.urban, 'synthetic', r.synthetic)
  ) ORDER BY r.id), '[]'::json)
)::text AS fc
FROM roads r
JOIN road_speeds() rs ON rs.road_id = r.id
WHERE ($1::float8 IS NULL OR r.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))
  AND ($5::text[] IS NULL OR r.class = ANY ($5))
