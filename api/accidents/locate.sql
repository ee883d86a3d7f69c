-- Where each accident of an import lies: its own point, or the point of its road's 桩号
-- (place_at_stake); whether it lies in Liaocheng and in the importing officer's area ($6; null for
-- an admin). One polygon each, the same for every point, so PostGIS prepares it once per statement
-- (a lookup of each point's county alternates polygons and tests 5× slower).
WITH input AS (
  SELECT * FROM unnest($1::int[], $2::float8[], $3::float8[], $4::text[], $5::float8[]) AS t(i, lon, lat, road, km)
),
placed AS (
  SELECT i, CASE WHEN lon IS NOT NULL THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326) ELSE s.geom END AS geom,
         s.reason
  FROM input
  -- In FROM, so it is called once a row ((f()).* in a select list calls it once per column), and
  -- only for rows without coordinates.
  LEFT JOIN LATERAL (SELECT * FROM place_at_stake(input.road, input.km) WHERE input.lon IS NULL) s ON true
)
SELECT p.i, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, p.reason,
       ST_Intersects(city.geom, p.geom) AS in_city,
       ($6::text IS NULL OR ST_Intersects(scope.geom, p.geom)) AS in_scope
FROM placed p
CROSS JOIN (SELECT geom FROM jurisdictions WHERE level = 'city') city
LEFT JOIN jurisdictions scope ON scope.code = $6
ORDER BY p.i
