-- The staged lines ({stage}) cut to the counties of Liaocheng, into {pieces}: a line crossing a
-- county border becomes a piece in each (as the generated network's pieces are), a line outside
-- every county none. Pieces shorter than a metre (a line grazing a border) are dropped.
CREATE TEMP TABLE {pieces} AS
SELECT s.seq, row_number() OVER (PARTITION BY s.seq ORDER BY c.code, d.path) AS part,
       s.key, s.class, s.name, s.ref, s.speed, s.lit, c.code AS county_code,
       d.geom, ST_Transform(d.geom, metric_srid()) AS geom_m
FROM {stage} s
JOIN jurisdictions c ON c.level = 'county' AND ST_Intersects(c.geom, s.geom)
CROSS JOIN LATERAL ST_Dump(CASE WHEN ST_Contains(c.geom, s.geom) THEN s.geom
                                ELSE ST_LineMerge(ST_CollectionExtract(ST_Intersection(s.geom, c.geom), 2)) END) d
WHERE GeometryType(d.geom) = 'LINESTRING' AND ST_Length(ST_Transform(d.geom, metric_srid())) >= 1;
CREATE INDEX ON {pieces} USING gist (geom_m);
