-- The schools as GeoJSON points with what a list or a map needs at a glance.
-- $1 county or null, $2 township or null, $3 'none' (schools without a guard post) or null,
-- $4 bbox [minLon, minLat, maxLon, maxLat] or null, $5 zone radius m, $6 zone reach m.
WITH s AS (
  SELECT s.* FROM schools s
  WHERE ($1::text IS NULL OR s.county_code = $1)
    AND ($2::text IS NULL OR s.township_code = $2)
    AND ($4::float8[] IS NULL OR s.geom && ST_MakeEnvelope(($4::float8[])[1], ($4::float8[])[2], ($4::float8[])[3], ($4::float8[])[4], 4326))
),
posts AS (
  SELECT g.school_id, count(DISTINCT g.id)::int AS gates, count(p.id)::int AS posts
  FROM school_gates g LEFT JOIN guard_posts p ON p.gate_id = g.id
  WHERE g.school_id IN (SELECT id FROM s)
  GROUP BY g.school_id
),
-- Open hazards of any type near the zone's roads: a school's zone is computed once for all schools.
open_hazards AS (
  SELECT z.school_id, count(*)::int AS n
  FROM school_zones((SELECT array_agg(id) FROM s), $5) z
  JOIN hazards h ON h.status <> 'closed' AND ST_DWithin(h.geom_m, z.geom_m, $6)
  GROUP BY z.school_id
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
         'type', 'Feature', 'id', s.id,
         'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(round(ST_X(s.geom)::numeric, 7), round(ST_Y(s.geom)::numeric, 7))),
         'properties', json_build_object(
           'id', s.id, 'name', s.name, 'kind', s.kind,
           'countyCode', s.county_code, 'county', c.name, 'townshipCode', s.township_code, 'township', t.name,
           'synthetic', s.synthetic,
           'gates', coalesce(p.gates, 0), 'guardPosts', coalesce(p.posts, 0),
           'lastAudit', (SELECT json_build_object('id', a.id, 'doneOn', a.done_on,
                                  'failed', (SELECT count(*)::int FROM jsonb_array_elements(a.items) i WHERE i->>'result' = 'fail'))
                         FROM school_audits a WHERE a.school_id = s.id ORDER BY a.done_on DESC, a.id DESC LIMIT 1),
           'openHazards', coalesce(h.n, 0))
       ) ORDER BY s.county_code, s.township_code NULLS LAST, s.id), '[]'))::text AS fc
FROM s
JOIN jurisdictions c ON c.code = s.county_code
LEFT JOIN jurisdictions t ON t.code = s.township_code
LEFT JOIN posts p ON p.school_id = s.id
LEFT JOIN open_hazards h ON h.school_id = s.id
WHERE $3::text IS NULL OR coalesce(p.posts, 0) = 0
