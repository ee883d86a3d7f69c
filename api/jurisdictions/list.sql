-- $1 level, or $2 one area's code (any level; then $1 is ignored). Township areas are approximate
-- (Voronoi cells), say so per feature. Each feature carries its bbox, for a map to fit it.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', code,
    'bbox', json_build_array(round(ST_XMin(geom)::numeric, 6), round(ST_YMin(geom)::numeric, 6), round(ST_XMax(geom)::numeric, 6), round(ST_YMax(geom)::numeric, 6)),
    'geometry', ST_AsGeoJSON(geom, 6)::json,
    'properties', json_build_object(
      'code', code, 'name', name, 'nameEn', name_en, 'level', level, 'parentCode', parent_code,
      'population', population, 'approximate', approximate,
      'anchor', CASE WHEN anchor IS NULL THEN NULL ELSE json_build_array(round(ST_X(anchor)::numeric, 6), round(ST_Y(anchor)::numeric, 6)) END
    )
  ) ORDER BY code), '[]'::json)
)::text AS fc, count(*)::int AS n
FROM jurisdictions
WHERE CASE WHEN $2::text IS NULL THEN level = $1 ELSE code = $2 END
