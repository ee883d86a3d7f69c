-- $1 level. Township areas are approximate (Voronoi cells), say so per feature.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', code,
    'geometry', ST_AsGeoJSON(geom, 6)::json,
    'properties', json_build_object(
      'code', code, 'name', name, 'nameEn', name_en, 'level', level, 'parentCode', parent_code,
      'population', population, 'approximate', approximate,
      'anchor', CASE WHEN anchor IS NULL THEN NULL ELSE json_build_array(round(ST_X(anchor)::numeric, 6), round(ST_Y(anchor)::numeric, 6)) END
    )
  ) ORDER BY code), '[]'::json)
)::text AS fc
FROM jurisdictions
WHERE level = $1
