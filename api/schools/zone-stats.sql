-- Accidents in each school's zone (within $7 m of its roads: school_zone_roads(), migration 0018) at
-- school hours on school days, against all other hours, in the window $1–$2 (local dates, both
-- inclusive). A school day is a working day of calendar_days (holidays off, 调休 weekends on) inside
-- a term of school_terms; school hours are school_hours' periods [starts, ends), local time.
-- An accident near two schools' zones counts for both. $3 county, $4 township, $5 school ids
-- (each null for all), $6 zone radius m.
WITH s AS (
  SELECT s.id, s.name, s.county_code, s.township_code,
         EXISTS (SELECT 1 FROM guard_posts p JOIN school_gates g ON g.id = p.gate_id WHERE g.school_id = s.id) AS posted
  FROM schools s
  WHERE ($3::text IS NULL OR s.county_code = $3) AND ($4::text IS NULL OR s.township_code = $4)
    AND ($5::int[] IS NULL OR s.id = ANY ($5))
),
-- Matched piece by piece: a road piece's box is thin, the whole zone's a square, so the index
-- hands far fewer candidates to the exact distance.
zr AS (SELECT * FROM school_zone_roads((SELECT array_agg(id) FROM s), $6)),
z AS (SELECT zr.school_id, ST_Length(ST_Union(zr.geom_m)) AS length_m FROM zr GROUP BY zr.school_id),
school_days AS (
  SELECT c.day FROM calendar_days c
  WHERE c.day BETWEEN $1::date AND $2::date AND c.workday
    AND EXISTS (SELECT 1 FROM school_terms t WHERE c.day BETWEEN t.starts_on AND t.ends_on)
),
hits AS (
  SELECT DISTINCT zr.school_id, a.id
  FROM zr
  JOIN accidents a ON ST_DWithin(a.geom_m, zr.geom_m, $7)
   AND a.occurred_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
   AND a.occurred_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
),
crashes AS (
  SELECT hits.school_id, a.severity, a.deaths, a.injuries,
         'pedestrian' = ANY (a.vehicle_types) AS pedestrian, 'ebike' = ANY (a.vehicle_types) AS ebike,
         sd.day IS NOT NULL AND EXISTS (SELECT 1 FROM school_hours h WHERE l.ts::time >= h.starts AND l.ts::time < h.ends) AS school_time
  FROM hits
  JOIN accidents a ON a.id = hits.id
  CROSS JOIN LATERAL (SELECT a.occurred_at AT TIME ZONE 'Asia/Shanghai' AS ts) l
  LEFT JOIN school_days sd ON sd.day = l.ts::date
)
SELECT s.id, s.name, s.county_code AS "countyCode", c.name AS county, s.township_code AS "townshipCode", t.name AS township,
       s.posted AS "guardPost", round(coalesce(z.length_m, 0)::numeric, 1)::float8 AS "zoneLength",
       count(x.school_id) FILTER (WHERE x.school_time)::int AS s_crashes,
       count(x.school_id) FILTER (WHERE x.school_time AND x.severity = 'fatal')::int AS s_fatal,
       count(x.school_id) FILTER (WHERE x.school_time AND x.severity = 'injury')::int AS s_injury,
       count(x.school_id) FILTER (WHERE x.school_time AND x.severity = 'pdo')::int AS s_pdo,
       coalesce(sum(x.deaths) FILTER (WHERE x.school_time), 0)::int AS s_deaths,
       coalesce(sum(x.injuries) FILTER (WHERE x.school_time), 0)::int AS s_injuries,
       count(x.school_id) FILTER (WHERE x.school_time AND x.pedestrian)::int AS s_pedestrians,
       count(x.school_id) FILTER (WHERE x.school_time AND x.ebike)::int AS s_ebikes,
       count(x.school_id) FILTER (WHERE NOT x.school_time)::int AS o_crashes,
       count(x.school_id) FILTER (WHERE NOT x.school_time AND x.severity = 'fatal')::int AS o_fatal,
       count(x.school_id) FILTER (WHERE NOT x.school_time AND x.severity = 'injury')::int AS o_injury,
       count(x.school_id) FILTER (WHERE NOT x.school_time AND x.severity = 'pdo')::int AS o_pdo,
       coalesce(sum(x.deaths) FILTER (WHERE NOT x.school_time), 0)::int AS o_deaths,
       coalesce(sum(x.injuries) FILTER (WHERE NOT x.school_time), 0)::int AS o_injuries,
       count(x.school_id) FILTER (WHERE NOT x.school_time AND x.pedestrian)::int AS o_pedestrians,
       count(x.school_id) FILTER (WHERE NOT x.school_time AND x.ebike)::int AS o_ebikes
FROM s
JOIN jurisdictions c ON c.code = s.county_code
LEFT JOIN jurisdictions t ON t.code = s.township_code
LEFT JOIN z ON z.school_id = s.id
LEFT JOIN crashes x ON x.school_id = s.id
GROUP BY s.id, s.name, s.county_code, c.name, s.township_code, t.name, s.posted, z.length_m
