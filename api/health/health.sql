SELECT postgis_lib_version() AS postgis,
       ST_X(p) AS x, ST_Y(p) AS y,
       metric_srid() AS metric_srid,
       ST_IsEmpty(m) IS FALSE AND ST_X(m) IS NOT NULL AS metric_ok
FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(116, 36.4), 4326), 4498) AS p,
             ST_Transform(ST_SetSRID(ST_MakePoint(116, 36.4), 4326), metric_srid()) AS m) t
