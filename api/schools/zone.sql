-- A school's zone: the roads within $2 m of its gates (school_zone_roads(), migration 0018) as one
-- MultiLineString and its length, and the roads through it — class and design speed (road_speeds())
-- — with their length inside, longest first. $1 school id, $2 radius m.
WITH pieces AS (
  SELECT zr.geom_m, zr.length_m, r.class, r.name, r.ref, sp.speed, road_route_key(r.class, r.ref, r.name, r.id) AS route
  FROM school_zone_roads(ARRAY[$1::int], $2) zr
  JOIN roads r ON r.id = zr.road_id
  JOIN road_speeds() sp ON sp.road_id = r.id
),
whole AS (SELECT ST_Multi(ST_CollectionExtract(ST_Union(geom_m), 2)) AS g FROM pieces)
SELECT json_build_object(
  'radius', $2::float8,
  'length', coalesce(round(ST_Length(whole.g)::numeric, 1), 0),
  'maxDesignSpeed', (SELECT max(speed) FROM pieces),
  'geometry', ST_AsGeoJSON(ST_Transform(whole.g, 4326), 7)::json,
  'roads', (SELECT coalesce(json_agg(x ORDER BY x.length DESC, x.name), '[]') FROM (
              SELECT min(name) AS name, min(ref) AS ref, class, speed AS "designSpeed", round(sum(length_m)::numeric, 1) AS length
              FROM pieces GROUP BY route, class, speed) x)
) AS zone
FROM whole
