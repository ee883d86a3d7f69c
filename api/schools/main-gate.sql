-- A school's 正门 where the first start places the demo schools' (api/seed/schools.ts): the closest
-- point of the nearest road that is not an expressway (fenced, no access). None when there is no
-- such road at all. geom_m is given (the trigger computes the same on the real table; the tests'
-- private copies have no triggers).
-- $1 school id.
INSERT INTO school_gates (school_id, name, road_id, geom, geom_m)
SELECT s.id, '正门', r.id, ST_Transform(r.p, 4326), r.p
FROM schools s
CROSS JOIN LATERAL (SELECT rd.id, ST_ClosestPoint(rd.geom_m, s.geom_m) AS p FROM roads rd WHERE rd.class <> 'expressway'
                    ORDER BY rd.geom_m <-> s.geom_m, rd.id LIMIT 1) r
WHERE s.id = $1
RETURNING id
