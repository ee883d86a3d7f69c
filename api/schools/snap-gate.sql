-- A gate given by its point, put on the road it opens onto: the closest point of the nearest road
-- that is not an expressway within $5 m of the point; no row when none is that near.
-- $1 school id, $2 gate name, $3 lon, $4 lat (WGS84), $5 reach m.
INSERT INTO school_gates (school_id, name, road_id, geom, geom_m)
SELECT $1, $2, r.id, ST_Transform(r.p, 4326), r.p
FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($3, $4), 4326), metric_srid()) AS m) g
CROSS JOIN LATERAL (SELECT rd.id, ST_ClosestPoint(rd.geom_m, g.m) AS p FROM roads rd
                    WHERE rd.class <> 'expressway' AND ST_DWithin(rd.geom_m, g.m, $5)
                    ORDER BY ST_Distance(rd.geom_m, g.m), rd.id LIMIT 1) r
RETURNING id, road_id AS "roadId", round(ST_X(geom)::numeric, 7)::float8 AS lon, round(ST_Y(geom)::numeric, 7)::float8 AS lat
