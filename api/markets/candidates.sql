-- Unregistered markets (疑似马路市场), first step: clusters of crashes and their counts by the
-- five-day lunar cycle. The binomial tests, their corrections and the ranking are candidates.ts;
-- the place, shape and roads of the few clusters found are candidate-details.sql (for all of them
-- it would cost more than the clustering: 2 650 clusters in three years of 200k crashes).
-- $1 from, $2 to (local dates, inclusive); $3 eps (m), $4 minPoints (DBSCAN on the metric
-- geometry); $5 county, $6 township (null for all); $7 buffer (m): crashes within it of a
-- registered market's stretch (any status) are left out, they are that market's.
-- A crash's residue is its local date's lunar day mod 5: 1 逢一、六, 2 逢二、七, 3 逢三、八,
-- 4 逢四、九, 0 逢五、十. Morning: local time in [05:00, 13:00), when rural markets are held.
-- The window's bounds are written out where they are used, not read from a one-row CTE: so the
-- planner knows them (their expressions are immutable) and estimates how many crashes the window
-- holds; from a CTE it guessed a tenth of them, read five years of 200k crashes through the time
-- index and hashed them all to anti-join the few near a market (1.9 s → 1.25 s; a county 0.53 → 0.12 s).
WITH
-- A crash must lie in every area asked for (as the hotspots do: a box test on the smallest, then
-- an anti-join).
areas AS (
  SELECT geom_m FROM jurisdictions WHERE code = $5::text OR code = $6::text
),
area_box AS (
  SELECT geom_m AS box FROM areas ORDER BY ST_Area(geom_m) LIMIT 1
),
-- Days in the window by residue: not equal (a day 30 exists only in long months), so each
-- residue's expected share of crashes is its share of these days, not 1/5.
days AS (
  SELECT array_agg(coalesce(d.n, 0) ORDER BY r.residue) AS by_residue
  FROM generate_series(0, 4) AS r(residue)
  LEFT JOIN (SELECT lunar_day % 5 AS residue, count(*)::int AS n FROM calendar_days
             WHERE day BETWEEN $1::date AND $2::date GROUP BY 1) d ON d.residue = r.residue
),
-- Crashes near a registered market, found from the few markets through the accidents' index
-- (not a test of every crash against the markets).
near_registered AS (
  SELECT DISTINCT a.id
  FROM markets m
  JOIN accidents a ON ST_DWithin(a.geom_m, m.geom_m, $7)
  WHERE a.occurred_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND a.occurred_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
),
crashes AS MATERIALIZED (
  SELECT a.id, a.geom_m, a.snap_route_id, a.snap_m, l.at, c.lunar_day % 5 AS residue,
         l.at::time >= '05:00' AND l.at::time < '13:00' AS morning,
         nr.id IS NOT NULL AS registered
  FROM accidents a
  CROSS JOIN LATERAL (SELECT a.occurred_at AT TIME ZONE 'Asia/Shanghai' AS at) l
  JOIN calendar_days c ON c.day = l.at::date
  LEFT JOIN near_registered nr ON nr.id = a.id
  WHERE a.occurred_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND a.occurred_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND (($5::text IS NULL AND $6::text IS NULL)
         OR (a.geom_m && (SELECT box FROM area_box)
             AND NOT EXISTS (SELECT 1 FROM areas ar WHERE NOT ST_Intersects(ar.geom_m, a.geom_m))))
),
-- DBSCAN in the crashes' order along the roads, as the hotspots take them.
clustered AS (
  SELECT c.*, ST_ClusterDBSCAN(c.geom_m, eps := $3, minpoints := $4) OVER (ORDER BY c.snap_route_id, c.snap_m, c.id) AS cid
  FROM crashes c
  WHERE NOT c.registered
),
members AS MATERIALIZED (
  SELECT * FROM clustered WHERE cid IS NOT NULL
),
-- Per cluster and residue: crashes, those in the morning, and the first and last morning minute.
by_residue AS (
  SELECT cid, residue, count(*)::int AS k, count(*) FILTER (WHERE morning)::int AS km,
         min(extract(hour FROM at) * 60 + extract(minute FROM at)) FILTER (WHERE morning)::int AS first_min,
         max(extract(hour FROM at) * 60 + extract(minute FROM at)) FILTER (WHERE morning)::int AS last_min
  FROM members GROUP BY cid, residue
),
per AS (
  SELECT cl.cid, sum(coalesce(b.k, 0))::int AS n,
         array_agg(coalesce(b.k, 0) ORDER BY r.r) AS by_residue,
         array_agg(coalesce(b.km, 0) ORDER BY r.r) AS morning_by_residue,
         array_agg(b.first_min ORDER BY r.r) AS first_minute,
         array_agg(b.last_min ORDER BY r.r) AS last_minute
  FROM (SELECT DISTINCT cid FROM by_residue) cl
  CROSS JOIN generate_series(0, 4) AS r(r)
  LEFT JOIN by_residue b ON b.cid = cl.cid AND b.residue = r.r
  GROUP BY cl.cid
),
ids AS (
  SELECT cid, array_agg(id ORDER BY id) AS ids FROM members GROUP BY cid
)
SELECT (SELECT by_residue FROM days) AS days_by_residue,
       (SELECT count(*) FROM crashes WHERE registered)::int AS excluded,
       (SELECT count(*) FROM crashes WHERE NOT registered)::int AS considered,
       (SELECT avg(CASE WHEN morning THEN 1.0 ELSE 0.0 END) FROM crashes WHERE NOT registered)::float8 AS morning_share,
       coalesce((SELECT json_agg(json_build_object(
                          'cid', p.cid, 'n', p.n, 'byResidue', p.by_residue, 'morningByResidue', p.morning_by_residue,
                          'firstMinute', p.first_minute, 'lastMinute', p.last_minute, 'ids', i.ids) ORDER BY p.cid)
                 FROM per p JOIN ids i ON i.cid = p.cid), '[]'::json) AS clusters;
