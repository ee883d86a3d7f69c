-- A market's next $3 market days from $2 on (local date, that day included), with their lunar
-- dates; none once it closed or moved away.
SELECT coalesce(json_agg(json_build_object(
  'date', x.day, 'lunar', json_build_object('month', x.lunar_month, 'day', x.lunar_day, 'leap', x.leap),
  'weekday', x.weekday, 'holiday', x.holiday) ORDER BY x.day), '[]') AS days
FROM (
  SELECT c.*
  FROM markets m
  JOIN calendar_days c ON c.day >= $2::date
   AND market_meets(m.calendar, m.days, c.day, c.lunar_day, c.weekday)
   AND market_meets_here(m.status, m.status_on, c.day)
  WHERE m.id = $1
  ORDER BY c.day
  LIMIT $3
) x;
