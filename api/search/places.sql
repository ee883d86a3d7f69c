-- The search box's places, roads and intersections: $1 the text as typed, $2 it as an ILIKE
-- pattern (%…%, its own % and _ escaped), $3 and $4 the two road names of a crossing when the text
-- names one ("东昌路与柳园路"), else null; $5 how many of each kind.
-- rank: 0 the name itself, 1 it begins so, 2 it holds it. Each row: its point (at), the box to fit
-- (bbox) and, for a road or an area, its shape simplified to draw the find.
WITH
areas AS (
  SELECT j.level AS kind, j.code AS key, j.name, j.name_en, p.name AS detail, p.name_en AS detail_en,
         coalesce(j.anchor, ST_PointOnSurface(j.geom)) AS at, j.geom AS box,
         ST_Boundary(ST_SimplifyPreserveTopology(j.geom, 0.0005)) AS shape,
         CASE WHEN j.name = $1 OR lower(j.name_en) = lower($1) THEN 0
              WHEN j.name ILIKE substr($2, 2) OR j.name_en ILIKE substr($2, 2) THEN 1 ELSE 2 END AS rank,
         CASE j.level WHEN 'county' THEN 0 ELSE 1 END AS kind_order
  FROM jurisdictions j LEFT JOIN jurisdictions p ON p.code = j.parent_code AND p.level <> 'city'
  WHERE j.level IN ('county', 'township') AND (j.name ILIKE $2 OR j.name_en ILIKE $2)
  ORDER BY rank, kind_order, length(j.name), j.code
  LIMIT $5
),
village_rows AS (
  SELECT 'village' AS kind, v.code AS key, short_place_name(v.name) AS name, NULL::text AS name_en,
         concat_ws(' · ', t.name, c.name) AS detail, concat_ws(' · ', t.name_en, c.name_en) AS detail_en,
         v.geom AS at, NULL::geometry AS box, NULL::geometry AS shape,
         CASE WHEN v.name = $1 OR short_place_name(v.name) = $1 THEN 0
              WHEN v.name ILIKE substr($2, 2) THEN 1 ELSE 2 END AS rank,
         2 AS kind_order, v.synthetic_position AS synthetic
  FROM villages v
  JOIN jurisdictions t ON t.code = v.township_code
  JOIN jurisdictions c ON c.code = v.county_code
  WHERE v.name ILIKE $2
  ORDER BY rank, length(v.name), v.code
  LIMIT $5
),
-- A road is every piece of the network with the same name and number (G105 runs through several
-- counties in many pieces).
named_roads AS (
  SELECT r.name, r.ref,
         (array_agg(r.class ORDER BY array_position(
           ARRAY['expressway', 'national', 'provincial', 'urban_arterial', 'county', 'urban_street', 'township', 'village'], r.class)))[1] AS class,
         ST_Collect(r.geom) AS geom,
         round(sum(ST_Length(r.geom_m))) AS length_m,
         array_agg(DISTINCT r.county_code) FILTER (WHERE r.county_code IS NOT NULL) AS counties,
         bool_and(r.synthetic) AS synthetic,
         CASE WHEN r.name = $1 OR upper(r.ref) = upper($1) THEN 0
              WHEN r.name ILIKE substr($2, 2) OR r.ref ILIKE substr($2, 2) THEN 1 ELSE 2 END AS rank
  FROM roads r
  WHERE r.name ILIKE $2 OR r.ref ILIKE $2
  GROUP BY r.name, r.ref
  ORDER BY rank, length_m DESC
  LIMIT $5
),
road_rows AS (
  SELECT 'road' AS kind, concat_ws('|', coalesce(ref, ''), coalesce(name, '')) AS key,
         coalesce(name, ref) AS name, NULL::text AS name_en,
         (SELECT string_agg(c.name, '、' ORDER BY c.code) FROM jurisdictions c WHERE c.code = ANY (counties)) AS detail,
         (SELECT string_agg(coalesce(c.name_en, c.name), ', ' ORDER BY c.code) FROM jurisdictions c WHERE c.code = ANY (counties)) AS detail_en,
         ST_LineInterpolatePoint(ST_GeometryN(ST_LineMerge(geom), 1), 0.5) AS at, geom AS box,
         ST_Simplify(ST_LineMerge(geom), 0.0001) AS shape, rank, 3 AS kind_order,
         ref, class, length_m, synthetic
  FROM named_roads
),
-- A crossing: an intersection where an approach of the one road and one of the other meet.
crossing_terms AS (
  SELECT '%' || replace(replace(replace($3, '\', '\\'), '%', '\%'), '_', '\_') || '%' AS a,
         '%' || replace(replace(replace($4, '\', '\\'), '%', '\%'), '_', '\_') || '%' AS b
  WHERE $3::text IS NOT NULL AND $4::text IS NOT NULL
),
crossings AS (
  SELECT i.id, i.geom, a.road_name AS road_a, b.road_name AS road_b, t.name AS township, t.name_en AS township_en,
         c.name AS county, c.name_en AS county_en, i.severity,
         CASE WHEN a.road_name = $3 AND b.road_name = $4 THEN 0 ELSE 2 END AS rank
  FROM crossing_terms q
  JOIN approaches a ON a.road_name ILIKE q.a
  JOIN approaches b ON b.intersection_id = a.intersection_id AND b.road_name <> a.road_name
  JOIN intersections i ON i.id = a.intersection_id
  LEFT JOIN jurisdictions t ON t.code = i.township_code
  LEFT JOIN jurisdictions c ON c.code = i.county_code
  WHERE b.road_name ILIKE q.b
),
crossing_rows AS (
  SELECT DISTINCT ON (id) 'intersection' AS kind, id::text AS key, road_a || ' × ' || road_b AS name, NULL::text AS name_en,
         concat_ws(' · ', township, county) AS detail, concat_ws(' · ', township_en, county_en) AS detail_en,
         geom AS at, rank, 4 AS kind_order, severity
  FROM crossings
  ORDER BY id, rank
)
SELECT kind, key, name, name_en, detail, detail_en, rank, kind_order,
       json_build_array(round(ST_X(at)::numeric, 6), round(ST_Y(at)::numeric, 6)) AS at,
       CASE WHEN box IS NULL THEN NULL ELSE json_build_array(round(ST_XMin(box)::numeric, 6), round(ST_YMin(box)::numeric, 6),
                                                              round(ST_XMax(box)::numeric, 6), round(ST_YMax(box)::numeric, 6)) END AS bbox,
       CASE WHEN shape IS NULL THEN NULL ELSE ST_AsGeoJSON(shape, 5)::json END AS shape,
       extra
FROM (
  SELECT kind, key, name, name_en, detail, detail_en, at, box, shape, rank, kind_order, NULL::json AS extra FROM areas
  UNION ALL
  SELECT kind, key, name, name_en, detail, detail_en, at, box, shape, rank, kind_order,
         json_build_object('synthetic', synthetic) FROM village_rows
  UNION ALL
  SELECT kind, key, name, name_en, detail, detail_en, at, box, shape, rank, kind_order,
         json_build_object('ref', ref, 'class', class, 'lengthM', length_m, 'synthetic', synthetic) FROM road_rows
  UNION ALL
  SELECT * FROM (
    SELECT kind, key, name, name_en, detail, detail_en, at, NULL::geometry, NULL::geometry, rank, kind_order,
           json_build_object('severity', severity) FROM crossing_rows ORDER BY rank, name, key LIMIT $5
  ) c
) found
