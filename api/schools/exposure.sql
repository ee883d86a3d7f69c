-- How long the window's school hours last: school days ($1–$2: working days of calendar_days
-- inside a term) × the hours of a school day (school_hours), and the window's hours in all.
-- `covered`: how many of the window's days the calendar holds (all of them, or the answer is wrong).
SELECT (SELECT count(*)::int FROM calendar_days c
        WHERE c.day BETWEEN $1::date AND $2::date AND c.workday
          AND EXISTS (SELECT 1 FROM school_terms t WHERE c.day BETWEEN t.starts_on AND t.ends_on)) AS "schoolDays",
       (SELECT coalesce(sum(extract(epoch FROM h.ends - h.starts)), 0)::float8 / 3600 FROM school_hours h) AS "hoursPerDay",
       ($2::date - $1::date + 1) AS days,
       (SELECT count(*)::int FROM calendar_days c WHERE c.day BETWEEN $1::date AND $2::date) AS covered,
       (SELECT min(day)::text FROM calendar_days) AS "calendarFrom",
       (SELECT max(day)::text FROM calendar_days) AS "calendarTo"
