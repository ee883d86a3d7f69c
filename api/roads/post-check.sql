-- A kilometre post's road and where it stands ($1 lon, $2 lat, $3 the road as the list names it,
-- or '' when it names none): the key its road's posts are kept by (the ref as given; else the one
-- ref of the roads of that name; else the name itself, if a road has it; without a name, the ref
-- of the nearest numbered road within 30 m, as an OpenStreetMap milestone stands beside its road;
-- else null: the network does not know the road),
-- how far the point lies from the nearest of those roads (m; null beyond 2 km), and whether it
-- lies in Liaocheng.
WITH p AS (SELECT g, ST_Transform(g, metric_srid()) AS m FROM ST_SetSRID(ST_MakePoint($1, $2), 4326) g),
named AS (SELECT array_agg(DISTINCT ref) FILTER (WHERE ref IS NOT NULL) AS refs, count(*) AS n FROM roads WHERE name = $3::text),
road AS (
  SELECT CASE
           WHEN EXISTS (SELECT 1 FROM roads WHERE ref = $3::text) THEN $3::text
           WHEN cardinality(named.refs) = 1 THEN named.refs[1]
           WHEN named.n > 0 THEN $3::text
           WHEN $3::text = '' THEN (SELECT r.ref FROM roads r, p WHERE r.ref IS NOT NULL AND ST_DWithin(r.geom_m, p.m, 30)
                                    ORDER BY ST_Distance(r.geom_m, p.m), r.id LIMIT 1)
         END AS road_ref
  FROM named
)
SELECT road.road_ref,
       (SELECT min(ST_Distance(r.geom_m, p.m)) FROM roads r
        WHERE ST_DWithin(r.geom_m, p.m, 2000) AND (r.ref = road.road_ref OR r.name = $3::text)) AS offset_m,
       EXISTS (SELECT 1 FROM jurisdictions c WHERE c.level = 'city' AND ST_Intersects(c.geom, p.g)) AS in_city
FROM road, p
