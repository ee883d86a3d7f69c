-- A market's stretch as sent ($1 GeoJSON, WGS84 already), checked by PostGIS before it is stored:
-- `valid` and PostGIS' `reason` (polygons: self-intersections, rings); `crossing`, where a line
-- crosses itself (ST_IsValid passes such lines, but a stretch of road does not cross itself; two
-- roads of one market may cross each other, so each line of a MultiLineString is judged alone):
-- the first point where three or more pieces of the noded line end; `outside`, the first vertex
-- in no county of Liaocheng; its `length` and `area` in metres of the metric CRS; the county it
-- belongs to (at the point of the stretch nearest its centre, as the markets_locate trigger places
-- it), and whether that point lies in $2 (null: everywhere, for admins).
WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g),
a AS (SELECT g.g, ST_ClosestPoint(g.g, ST_Centroid(g.g)) AS anchor FROM g)
SELECT ST_IsValid(a.g) AS valid, ST_IsValidReason(a.g) AS reason,
       (SELECT ST_X(e.pt)::text || ' ' || ST_Y(e.pt)::text
        FROM (SELECT d.path, (ST_Dump(ST_Node(d.geom))).geom AS piece
              FROM ST_Dump(a.g) d
              WHERE GeometryType(d.geom) = 'LINESTRING' AND ST_IsValid(d.geom) AND NOT ST_IsSimple(d.geom)) x
        CROSS JOIN LATERAL (VALUES (ST_StartPoint(x.piece)), (ST_EndPoint(x.piece))) e(pt)
        GROUP BY x.path, ST_X(e.pt), ST_Y(e.pt)
        HAVING count(*) >= 3
        ORDER BY x.path, ST_X(e.pt), ST_Y(e.pt) LIMIT 1) AS crossing,
       (SELECT bool_or(GeometryType(d.geom) = 'LINESTRING' AND ST_IsValid(d.geom) AND NOT ST_IsSimple(d.geom)) FROM ST_Dump(a.g) d) AS not_simple,
       (SELECT ST_X(d.geom)::text || ' ' || ST_Y(d.geom)::text FROM ST_DumpPoints(a.g) d
        WHERE NOT EXISTS (SELECT 1 FROM jurisdictions j WHERE j.level = 'county' AND ST_Intersects(j.geom, d.geom))
        ORDER BY d.path LIMIT 1) AS outside,
       CASE WHEN ST_IsValid(a.g) THEN ST_Length(ST_Transform(a.g, metric_srid())) END AS length,
       CASE WHEN ST_IsValid(a.g) THEN ST_Area(ST_Transform(a.g, metric_srid())) END AS area,
       (SELECT j.code FROM jurisdictions j WHERE j.level = 'county' AND ST_Intersects(j.geom, a.anchor) ORDER BY j.code LIMIT 1) AS county,
       $2::text IS NULL OR EXISTS (SELECT 1 FROM jurisdictions j WHERE j.code = $2 AND ST_Intersects(j.geom, a.anchor)) AS in_scope,
       ST_AsEWKT(a.g) AS ewkt
FROM a;
