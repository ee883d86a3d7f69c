-- $1 kinds. Village positions are synthetic (real names, generated places): flagged per feature.
WITH places AS (
  SELECT code, name, name AS label, name_en, 'county_seat' AS kind, false AS synthetic, anchor AS geom
  FROM jurisdictions WHERE level = 'county' AND anchor IS NOT NULL
  UNION ALL
  SELECT code, name, name, name_en, 'township', false, anchor
  FROM jurisdictions WHERE level = 'township' AND anchor IS NOT NULL
  UNION ALL
  SELECT code, name, short_place_name(name), NULL, 'village', synthetic_position, geom FROM villages
)
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(geom, 5)::json,
    'properties', json_build_object('code', code, 'name', name, 'label', label, 'nameEn', name_en,
                                   'kind', kind, 'synthetic', synthetic)
  ) ORDER BY kind, code), '[]'::json)
)::text AS fc
FROM places
WHERE kind = ANY ($1::text[])
