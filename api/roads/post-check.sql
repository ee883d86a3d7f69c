-- A kilometre post's road and where it stands ($1 lon, $2 lat, $3 the road as the list names it):
-- the key its road's posts are kept by (the ref as given; else the one ref of the roads of that
-- name; else the name itself, if a road has it; else null: the network does not know the road),
-- how far the point lies from the nearest of those roads (m; null beyond 2 km), and whether it
-- lies in Liaocheng.
WITH p AS (SELECT g, ST_Transform(g, metric_srid()) AS m FROM ST_SetSRID(ST_MakePoint($1, $2), 4326) g),
named AS (SELECT array_agg(DISTINCT ref) FILTER (WHERE ref IS NOT NULL) AS refs, count(*) AS n FROM roads WHERE name = $3::text),
road AS (
  SELECT CASE
           WHEN EXISTS (SELECT 1 FROM roads WHERE ref = $3::text) THEN $3::text
           WHEN cardinality(named.refs) = 1 THEN named.refs[1]
           WHEN named.n > 0 THEN $3::text
         END AS road_ref
  FROM named
)
SELECT road.road_ref,
       (SELECT min(ST_Distance(r.geom_m, p.m)) FROM roads r
        WHERE ST_DWithin(r.geom_m, p.m, 2000) AND (r.ref = road.road_ref OR r.name = $3::text)) AS offset_m,
       EXISTS (SELECT 1 FROM jurisdictions c WHERE c.level = 'city' AND ST_Intersects(c.geom, p.g)) AS in_city
FROM road, p
