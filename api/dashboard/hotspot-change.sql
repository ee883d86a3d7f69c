-- Hotspots new, persistent and gone in area $1 (its parts, area_parts(), each accident in the
-- part it was placed in when written, as kpis.sql counts it): DBSCAN
-- clusters ($6 m, at least $7 crashes) of the period [$2, $3) and of the period before [$4, $5)
-- (China days), each run on its own period's crashes. A cluster persists when one of the other
-- period lies within $6 m of it; a current one that does not is new, an earlier one that does not
-- is gone.
WITH area AS (SELECT level FROM jurisdictions WHERE code = $1),
span AS (
  SELECT ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS cur_from, ($3::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS cur_to,
         ($4::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS prev_from, ($5::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS prev_to
),
pts AS (
  SELECT a.geom_m, a.occurred_at >= s.cur_from AS cur
  FROM accidents a, span s
  WHERE ((a.occurred_at >= s.cur_from AND a.occurred_at < s.cur_to) OR (a.occurred_at >= s.prev_from AND a.occurred_at < s.prev_to))
    AND CASE (SELECT level FROM area) WHEN 'city' THEN a.county_code ELSE a.township_code END IN (SELECT code FROM area_parts($1))
),
clustered AS (
  SELECT cur, geom_m, ST_ClusterDBSCAN(geom_m, $6::float8, $7::int) OVER (PARTITION BY cur) AS cid FROM pts
),
clusters AS (
  SELECT cur, cid, ST_Collect(geom_m) AS g FROM clustered WHERE cid IS NOT NULL GROUP BY cur, cid
),
matched AS (
  SELECT c.cur, EXISTS (SELECT 1 FROM clusters o WHERE o.cur <> c.cur AND ST_DWithin(o.g, c.g, $6::float8)) AS persists
  FROM clusters c
)
SELECT count(*) FILTER (WHERE cur)::int AS now, count(*) FILTER (WHERE NOT cur)::int AS before,
       count(*) FILTER (WHERE cur AND NOT persists)::int AS new, count(*) FILTER (WHERE cur AND persists)::int AS persistent,
       count(*) FILTER (WHERE NOT cur AND NOT persists)::int AS gone
FROM matched
