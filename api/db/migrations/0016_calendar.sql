-- The calendar SQL joins on: one row per date with its lunar month and day, ISO weekday and the
-- public holidays (法定节假日). Filled from shared/calendar (6tail's tyme4ts) by ensureCalendar()
-- at every start for the data's years; PostgreSQL has no lunar calendar of its own. Markets meet
-- on lunar days (逢二、七 = lunar days 2, 7, 12, 17, 22, 27), schools on working days.
CREATE TABLE calendar_days (
  day date PRIMARY KEY,
  lunar_month smallint NOT NULL CHECK (lunar_month BETWEEN 1 AND 12),
  -- A leap month (闰月) repeats the number of the month before it.
  leap boolean NOT NULL,
  lunar_day smallint NOT NULL CHECK (lunar_day BETWEEN 1 AND 30),
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- ISO: 1 Monday … 7 Sunday
  -- The holiday's name on a day off (春节, 国庆节 …); null on other days, 调休 working days included.
  holiday text,
  -- Monday–Friday outside holidays, and the weekend days worked instead (调休).
  workday boolean NOT NULL
);
COMMENT ON TABLE calendar_days IS
  'Lunar date, ISO weekday and public holidays of each date, from tyme4ts (shared/calendar); see api/seed/calendar.ts.';
