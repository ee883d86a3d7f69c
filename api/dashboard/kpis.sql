-- The leaders' numbers for an area and its parts ($1 the area's code): the city and its counties,
-- a county and its townships, or a township alone. For each part, and for the whole area (the row
-- whose code is null, GROUPING SETS): accidents, deaths, injuries and EPDO (weights $8 fatal, $9
-- injury, $10 property only) in the period [$2, $3), the same days last year [$4, $5) and the
-- period before [$6, $7) (China days); the population; hazards found in the period, closed in it,
-- rectified of those found (整改率's numerator; invalid and duplicate ones are not hazards), and
-- overdue now (open past the deadline). An accident counts in the part it was placed in when
-- written (county_code, township_code: point_area(), 0035), so the parts add up to the whole; one
-- in the area but in none of its parts (a gap in imported boundaries: a county's crash that no
-- township holds) counts in the row `unplaced` (code null), shown only when it has any.
WITH area AS (SELECT code, level FROM jurisdictions WHERE code = $1),
parts AS (SELECT code FROM area_parts($1)),
span AS (
  SELECT ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS cur_from, ($3::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS cur_to,
         ($4::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS ly_from, ($5::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS ly_to,
         ($6::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS prev_from, ($7::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS prev_to
),
crashes AS (
  SELECT area_part((SELECT level FROM area), $1, a.county_code, a.township_code) AS part,
         a.occurred_at >= s.cur_from AND a.occurred_at < s.cur_to AS cur,
         a.occurred_at >= s.ly_from AND a.occurred_at < s.ly_to AS ly,
         a.occurred_at >= s.prev_from AND a.occurred_at < s.prev_to AS prev,
         a.deaths, a.injuries,
         CASE a.severity WHEN 'fatal' THEN $8::float8 WHEN 'injury' THEN $9::float8 ELSE $10::float8 END AS epdo
  FROM accidents a, span s
  WHERE (a.occurred_at >= s.cur_from AND a.occurred_at < s.cur_to)
     OR (a.occurred_at >= s.ly_from AND a.occurred_at < s.ly_to)
     OR (a.occurred_at >= s.prev_from AND a.occurred_at < s.prev_to)
),
crash_counts AS (
  SELECT part,
         count(*) FILTER (WHERE cur)::int AS accidents, coalesce(sum(deaths) FILTER (WHERE cur), 0)::int AS deaths,
         coalesce(sum(injuries) FILTER (WHERE cur), 0)::int AS injuries, coalesce(sum(epdo) FILTER (WHERE cur), 0)::float8 AS epdo,
         count(*) FILTER (WHERE ly)::int AS ly_accidents, coalesce(sum(deaths) FILTER (WHERE ly), 0)::int AS ly_deaths,
         coalesce(sum(injuries) FILTER (WHERE ly), 0)::int AS ly_injuries, coalesce(sum(epdo) FILTER (WHERE ly), 0)::float8 AS ly_epdo,
         count(*) FILTER (WHERE prev)::int AS prev_accidents, coalesce(sum(deaths) FILTER (WHERE prev), 0)::int AS prev_deaths,
         coalesce(sum(injuries) FILTER (WHERE prev), 0)::int AS prev_injuries, coalesce(sum(epdo) FILTER (WHERE prev), 0)::float8 AS prev_epdo
  FROM crashes WHERE part IS NOT NULL
  GROUP BY GROUPING SETS ((part), ())
),
hazard_counts AS (
  SELECT h.part,
         count(*) FILTER (WHERE h.found_on >= $2::date AND h.found_on < $3::date)::int AS found,
         count(*) FILTER (WHERE h.status = 'closed' AND (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date >= $2::date
                            AND (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date < $3::date)::int AS closed,
         count(*) FILTER (WHERE h.found_on >= $2::date AND h.found_on < $3::date
                            AND h.resolution IS DISTINCT FROM 'invalid' AND h.resolution IS DISTINCT FROM 'duplicate')::int AS real_found,
         count(*) FILTER (WHERE h.found_on >= $2::date AND h.found_on < $3::date AND h.resolution = 'rectified')::int AS rectified,
         count(*) FILTER (WHERE h.status <> 'closed' AND h.deadline < (now() AT TIME ZONE 'Asia/Shanghai')::date)::int AS overdue,
         count(*) FILTER (WHERE h.status <> 'closed')::int AS open
  FROM (SELECT x.*, area_part((SELECT level FROM area), $1, x.county_code, x.township_code) AS part FROM hazards x) h
  WHERE h.part IS NOT NULL
  GROUP BY GROUPING SETS ((h.part), ())
)
SELECT j.code,
       coalesce(j.name, CASE (SELECT level FROM area) WHEN 'city' THEN '未划入区县' ELSE '未划入乡镇' END) AS name,
       CASE WHEN k.code = '' THEN CASE (SELECT level FROM area) WHEN 'city' THEN 'Not in any county' ELSE 'Not in any township' END ELSE j.name_en END AS "nameEn",
       coalesce(j.level, CASE (SELECT level FROM area) WHEN 'city' THEN 'county' ELSE 'township' END) AS level,
       j.population, coalesce(j.approximate, false) AS approximate,
       coalesce(c.accidents, 0) AS accidents, coalesce(c.deaths, 0) AS deaths, coalesce(c.injuries, 0) AS injuries, coalesce(c.epdo, 0) AS epdo,
       coalesce(c.ly_accidents, 0) AS ly_accidents, coalesce(c.ly_deaths, 0) AS ly_deaths, coalesce(c.ly_injuries, 0) AS ly_injuries, coalesce(c.ly_epdo, 0) AS ly_epdo,
       coalesce(c.prev_accidents, 0) AS prev_accidents, coalesce(c.prev_deaths, 0) AS prev_deaths, coalesce(c.prev_injuries, 0) AS prev_injuries, coalesce(c.prev_epdo, 0) AS prev_epdo,
       coalesce(h.found, 0) AS found, coalesce(h.closed, 0) AS closed, coalesce(h.real_found, 0) AS real_found,
       coalesce(h.rectified, 0) AS rectified, coalesce(h.overdue, 0) AS overdue, coalesce(h.open, 0) AS open,
       k.code IS NULL AS whole, k.code = '' IS TRUE AS unplaced
FROM (SELECT code FROM parts UNION SELECT NULL
      UNION SELECT '' WHERE EXISTS (SELECT FROM crash_counts WHERE part = '') OR EXISTS (SELECT FROM hazard_counts WHERE part = '')) k
LEFT JOIN jurisdictions j ON j.code = coalesce(k.code, $1)
LEFT JOIN crash_counts c ON c.part IS NOT DISTINCT FROM k.code
LEFT JOIN hazard_counts h ON h.part IS NOT DISTINCT FROM k.code
ORDER BY k.code IS NOT NULL, k.code = '', j.code
