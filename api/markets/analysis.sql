-- Market days against other days (赶集日 vs 非赶集日), per market and rolled up per county and
-- township: accidents within $3 m of the stretch (ST_DWithin on geom_m) between $1 and $2 (local
-- dates, inclusive), in the market's hours [hours_from, hours_to) local time, on its market days
-- and on the other days. Only days the market still met there count: a closed or relocated
-- market's last day is the day before its status_on. Filters, null for all: $4 county, $5
-- township, $6 statuses, $7 one market. EPDO weights $8 fatal, $9 injury, $10 property only.
-- One row per market (level 'market'), county and township; exact intervals are added in
-- analysis.ts (no beta quantile in SQL).
WITH m AS (
  SELECT mk.id, mk.geom_m, mk.calendar, mk.days, mk.hours_from, mk.hours_to, mk.county_code, mk.township_code,
         CASE WHEN mk.status IN ('closed', 'relocated') THEN least($2::date, mk.status_on - 1) ELSE $2::date END AS last_day
  FROM markets mk
  WHERE ($4::text IS NULL OR mk.county_code = $4)
    AND ($5::text IS NULL OR mk.township_code = $5)
    AND ($6::text[] IS NULL OR mk.status = ANY ($6))
    AND ($7::int IS NULL OR mk.id = $7)
),
exposure AS (
  SELECT m.id,
         count(*) FILTER (WHERE market_meets(m.calendar, m.days, c.day, c.lunar_day, c.weekday)) AS market_days,
         count(*) FILTER (WHERE NOT market_meets(m.calendar, m.days, c.day, c.lunar_day, c.weekday)) AS other_days
  FROM m JOIN calendar_days c ON c.day BETWEEN $1::date AND m.last_day
  GROUP BY m.id
),
crashes AS (
  SELECT m.id, market_meets(m.calendar, m.days, c.day, c.lunar_day, c.weekday) AS on_market_day,
         count(*) AS crashes,
         count(*) FILTER (WHERE a.severity = 'fatal') AS fatal,
         count(*) FILTER (WHERE a.severity = 'injury') AS injury,
         count(*) FILTER (WHERE a.severity = 'pdo') AS pdo,
         sum(a.deaths) AS deaths, sum(a.injuries) AS injuries
  FROM m
  JOIN accidents a
    ON ST_DWithin(a.geom_m, m.geom_m, $3)
   AND a.occurred_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
   AND a.occurred_at < (m.last_day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
  CROSS JOIN LATERAL (SELECT a.occurred_at AT TIME ZONE 'Asia/Shanghai' AS at) l
  JOIN calendar_days c ON c.day = l.at::date
  WHERE l.at::time >= m.hours_from AND l.at::time < m.hours_to
  GROUP BY 1, 2
),
per AS (
  SELECT m.id, m.county_code, m.township_code,
         coalesce(e.market_days, 0) AS market_days, coalesce(e.other_days, 0) AS other_days,
         coalesce(cm.crashes, 0) AS m_crashes, coalesce(cm.fatal, 0) AS m_fatal, coalesce(cm.injury, 0) AS m_injury,
         coalesce(cm.pdo, 0) AS m_pdo, coalesce(cm.deaths, 0) AS m_deaths, coalesce(cm.injuries, 0) AS m_injuries,
         coalesce(co.crashes, 0) AS o_crashes, coalesce(co.fatal, 0) AS o_fatal, coalesce(co.injury, 0) AS o_injury,
         coalesce(co.pdo, 0) AS o_pdo, coalesce(co.deaths, 0) AS o_deaths, coalesce(co.injuries, 0) AS o_injuries
  FROM m
  LEFT JOIN exposure e ON e.id = m.id
  LEFT JOIN crashes cm ON cm.id = m.id AND cm.on_market_day
  LEFT JOIN crashes co ON co.id = m.id AND NOT co.on_market_day
),
totals AS (
  SELECT CASE WHEN grouping(p.id) = 0 THEN 'market' WHEN grouping(p.township_code) = 1 THEN 'county' ELSE 'township' END AS level,
         p.id, p.county_code, p.township_code, count(*) AS markets,
         sum(p.market_days) AS market_days, sum(p.other_days) AS other_days,
         sum(p.m_crashes) AS m_crashes, sum(p.m_fatal) AS m_fatal, sum(p.m_injury) AS m_injury, sum(p.m_pdo) AS m_pdo,
         sum(p.m_deaths) AS m_deaths, sum(p.m_injuries) AS m_injuries,
         sum(p.o_crashes) AS o_crashes, sum(p.o_fatal) AS o_fatal, sum(p.o_injury) AS o_injury, sum(p.o_pdo) AS o_pdo,
         sum(p.o_deaths) AS o_deaths, sum(p.o_injuries) AS o_injuries
  FROM per p
  GROUP BY GROUPING SETS ((p.id, p.county_code, p.township_code), (p.county_code), (p.county_code, p.township_code))
)
SELECT t.level, t.id, mk.name, mk.status, mk.status_on::text AS status_on, r.roads, r.trunk,
       t.county_code, c.name AS county_name, c.name_en AS county_name_en,
       t.township_code, tw.name AS township_name, tw.name_en AS township_name_en,
       t.markets::int, t.market_days::int, t.other_days::int,
       t.m_crashes::int, t.m_fatal::int, t.m_injury::int, t.m_pdo::int, t.m_deaths::int, t.m_injuries::int,
       (t.m_fatal * $8::float8 + t.m_injury * $9::float8 + t.m_pdo * $10::float8) AS m_epdo,
       t.m_crashes::float8 / nullif(t.market_days, 0) AS m_per_day,
       t.o_crashes::int, t.o_fatal::int, t.o_injury::int, t.o_pdo::int, t.o_deaths::int, t.o_injuries::int,
       (t.o_fatal * $8::float8 + t.o_injury * $9::float8 + t.o_pdo * $10::float8) AS o_epdo,
       t.o_crashes::float8 / nullif(t.other_days, 0) AS o_per_day
FROM totals t
LEFT JOIN markets mk ON t.level = 'market' AND mk.id = t.id
LEFT JOIN jurisdictions c ON c.code = t.county_code
LEFT JOIN jurisdictions tw ON tw.code = t.township_code
LEFT JOIN LATERAL (
  SELECT coalesce(json_agg(json_build_object('name', x.name, 'class', x.class) ORDER BY road_class_rank(x.class), x.name), '[]') AS roads,
         coalesce(bool_or(x.class IN ('national', 'provincial')), false) AS trunk
  FROM (SELECT DISTINCT coalesce(rd.name, rd.ref) AS name, rd.class
        FROM roads rd
        WHERE ST_DWithin(rd.geom_m, mk.geom_m, 5)
          AND ST_Length(ST_Intersection(rd.geom_m, ST_Buffer(mk.geom_m, 5))) >= 20) x
) r ON t.level = 'market'
ORDER BY t.level, t.county_code, t.township_code, t.id;
