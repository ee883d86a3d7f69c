-- Hotspots new, persistent and gone in area $1 (its accidents as kpis.sql counts them: by the county
-- and township each was placed in when written, area_part()): DBSCAN
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
    AND area_part((SELECT level FROM area), $1, a.county_code, a.township_code) IS NOT NULL
),
clustered AS (
  SELECT cur, geom_m, ST_ClusterDBSCAN(geom_m, $6::float8, $7::int) OVER (PARTITION BY cur) AS cid FROM pts
),
-- The clusters' crashes on a grid of $6 m cells: two crashes within $6 m lie in the same cell or
-- in neighbouring ones, so the pairs to measure are found by a hash join rather than by comparing
-- every cluster with every other (10 s for the city at 200 000 accidents).
members AS MATERIALIZED (
  SELECT cur, cid, geom_m, floor(ST_X(geom_m) / $6::float8)::bigint AS gx, floor(ST_Y(geom_m) / $6::float8)::bigint AS gy
  FROM clustered WHERE cid IS NOT NULL
),
links AS (
  SELECT DISTINCT c.cid AS cur_cid, p.cid AS prev_cid
  FROM members c
  CROSS JOIN (VALUES (-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 0), (0, 1), (1, -1), (1, 0), (1, 1)) d(dx, dy)
  JOIN members p ON NOT p.cur AND p.gx = c.gx + d.dx AND p.gy = c.gy + d.dy
  WHERE c.cur AND ST_DWithin(c.geom_m, p.geom_m, $6::float8)
),
matched AS (
  SELECT DISTINCT m.cur, m.cid,
         CASE WHEN m.cur THEN m.cid IN (SELECT cur_cid FROM links) ELSE m.cid IN (SELECT prev_cid FROM links) END AS persists
  FROM members m
)
SELECT count(*) FILTER (WHERE cur)::int AS now, count(*) FILTER (WHERE NOT cur)::int AS before,
       count(*) FILTER (WHERE cur AND NOT persists)::int AS new, count(*) FILTER (WHERE cur AND persists)::int AS persistent,
       count(*) FILTER (WHERE NOT cur AND NOT persists)::int AS gone
FROM matched
