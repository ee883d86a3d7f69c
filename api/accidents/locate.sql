-- Where each accident of an import lies: its own point, or the point of its road's 桩号
-- (place_at_stake); the county it is in (none: outside Liaocheng) and whether it lies in the
-- importing officer's area ($6; null for an admin).
WITH input AS (
  SELECT * FROM unnest($1::int[], $2::float8[], $3::float8[], $4::text[], $5::float8[]) AS t(i, lon, lat, road, km)
),
placed AS (
  SELECT i, CASE WHEN lon IS NOT NULL THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326) ELSE s.geom END AS geom,
         s.reason
  FROM input
  LEFT JOIN LATERAL (SELECT (place_at_stake(input.road, input.km)).* WHERE input.lon IS NULL) s ON true
)
SELECT p.i, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, p.reason,
       (SELECT c.code FROM jurisdictions c WHERE c.level = 'county' AND ST_Intersects(c.geom, p.geom) ORDER BY c.code LIMIT 1) AS county,
       ($6::text IS NULL OR EXISTS (SELECT 1 FROM jurisdictions j WHERE j.code = $6 AND ST_Intersects(j.geom, p.geom))) AS in_scope
FROM placed p
ORDER BY p.i
