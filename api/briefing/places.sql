-- Where each hotspot is, in words: the township holding its centre ($1 lons, $2 lats) and the
-- nearest named road within 300 m (its name, else its ref).
SELECT p.i::int AS i,
       (SELECT t.name FROM jurisdictions t WHERE t.level = 'township' AND ST_Intersects(t.geom, p.g) ORDER BY t.code LIMIT 1) AS township,
       (SELECT coalesce(r.name, r.ref) FROM roads r
        WHERE (r.name IS NOT NULL OR r.ref IS NOT NULL) AND ST_DWithin(r.geom_m, ST_Transform(p.g, metric_srid()), 300)
        ORDER BY r.geom_m <-> ST_Transform(p.g, metric_srid()) LIMIT 1) AS road
FROM (SELECT i, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g
      FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(lon, lat, i)) p
ORDER BY p.i
