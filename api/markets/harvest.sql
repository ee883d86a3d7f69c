-- 占道晒粮 by harvest season, per township: the accidents in the township (the township polygon
-- holding the crash, the first by code on a shared edge) and the hazards of type crop_drying found
-- there, on the days of each harvest season and on the other days of the window $1 … $2 (local
-- dates, inclusive). Seasons: $3 ids, $4 first and $5 last days as MM-DD (a day in two seasons
-- counts for the first). Area, null for all: $6 county, $7 township. Which hazards the reader may
-- count, null for no limit: $8 county, $9 township, $10 unit (a liaison's). One row per township
-- and season ('other': the days in no season), with the days of that kind in the window.
WITH season AS (
  SELECT s.id, s.first, s.last, s.k FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS s(id, first, last, k)
),
day AS (
  SELECT d::date AS day,
         coalesce((SELECT s.id FROM season s WHERE to_char(d, 'MM-DD') BETWEEN s.first AND s.last ORDER BY s.k LIMIT 1), 'other') AS season
  FROM generate_series($1::date, $2::date, interval '1 day') d
),
days AS (SELECT season, count(*) AS days FROM day GROUP BY season),
kinds AS (SELECT id AS season FROM season UNION SELECT 'other'),
area AS (
  SELECT t.code, t.name, t.name_en, t.parent_code AS county_code
  FROM jurisdictions t
  WHERE t.level = 'township' AND ($6::text IS NULL OR t.parent_code = $6) AND ($7::text IS NULL OR t.code = $7)
),
crash AS (
  SELECT tw.code, d.season,
         count(*) AS crashes,
         count(*) FILTER (WHERE a.severity = 'fatal') AS fatal,
         count(*) FILTER (WHERE a.severity = 'injury') AS injury,
         count(*) FILTER (WHERE a.severity = 'pdo') AS pdo,
         sum(a.deaths) AS deaths, sum(a.injuries) AS injuries
  FROM accidents a
  JOIN day d ON d.day = (a.occurred_at AT TIME ZONE 'Asia/Shanghai')::date
  CROSS JOIN LATERAL (
    SELECT t.code FROM jurisdictions t
    WHERE t.level = 'township' AND ST_Intersects(t.geom, a.geom)
    ORDER BY t.code LIMIT 1
  ) tw
  WHERE a.occurred_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND a.occurred_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND tw.code IN (SELECT code FROM area)
  GROUP BY tw.code, d.season
),
hazard AS (
  SELECT h.township_code AS code, d.season, count(*) AS hazards
  FROM hazards h
  JOIN day d ON d.day = h.found_on
  WHERE h.type = 'crop_drying'
    AND h.township_code IN (SELECT code FROM area)
    AND ($8::text IS NULL OR h.county_code = $8)
    AND ($9::text IS NULL OR h.township_code = $9)
    AND ($10::int IS NULL OR h.unit_id = $10)
  GROUP BY h.township_code, d.season
)
SELECT a.code, a.name, a.name_en, a.county_code, c.name AS county_name, c.name_en AS county_name_en,
       k.season, coalesce(n.days, 0)::int AS days,
       coalesce(x.crashes, 0)::int AS crashes, coalesce(x.fatal, 0)::int AS fatal, coalesce(x.injury, 0)::int AS injury,
       coalesce(x.pdo, 0)::int AS pdo, coalesce(x.deaths, 0)::int AS deaths, coalesce(x.injuries, 0)::int AS injuries,
       coalesce(z.hazards, 0)::int AS hazards
FROM area a
JOIN jurisdictions c ON c.code = a.county_code
CROSS JOIN kinds k
LEFT JOIN days n ON n.season = k.season
LEFT JOIN crash x ON x.code = a.code AND x.season = k.season
LEFT JOIN hazard z ON z.code = a.code AND z.season = k.season
ORDER BY a.code, k.season;
