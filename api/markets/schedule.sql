-- The week from $1 (local date): each day's lunar date, weekday, holiday and the markets that meet
-- there (closed and relocated ones up to the day before their status_on). Filters, null for all:
-- $2 county, $3 township, $4 statuses.
SELECT coalesce(json_agg(json_build_object(
  'date', w.day, 'lunar', json_build_object('month', w.lunar_month, 'day', w.lunar_day, 'leap', w.leap),
  'weekday', w.weekday, 'holiday', w.holiday, 'marketIds', w.market_ids) ORDER BY w.day), '[]') AS days
FROM (
  SELECT c.day, c.lunar_month, c.lunar_day, c.leap, c.weekday, c.holiday,
         coalesce(array_agg(m.id ORDER BY m.id) FILTER (WHERE m.id IS NOT NULL), '{}') AS market_ids
  FROM calendar_days c
  LEFT JOIN markets m
    ON market_meets(m.calendar, m.days, c.day, c.lunar_day, c.weekday)
   AND market_meets_here(m.status, m.status_on, c.day)
   AND ($2::text IS NULL OR m.county_code = $2)
   AND ($3::text IS NULL OR m.township_code = $3)
   AND ($4::text[] IS NULL OR m.status = ANY ($4))
  WHERE c.day BETWEEN $1::date AND $1::date + 6
  GROUP BY c.day, c.lunar_month, c.lunar_day, c.leap, c.weekday, c.holiday
) w;
