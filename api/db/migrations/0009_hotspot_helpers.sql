-- The EPDO score from counts by severity and the weights (fatal, injury, property only): one
-- definition for the analyses that rank by it. From counts, not a sum of per-crash floats, so
-- equal places score exactly equal whatever order their crashes were added in.
CREATE FUNCTION epdo(fatal bigint, injury bigint, pdo bigint, w_fatal float8, w_injury float8, w_pdo float8)
  RETURNS float8
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT fatal * w_fatal + injury * w_injury + pdo * w_pdo $$;

-- counts_by(values, n): how many of values are 0, 1, …, n − 1 (an hour-of-day or weekday
-- profile), in one pass over the values.
CREATE FUNCTION counts_by(vals integer[], n integer) RETURNS integer[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT array_agg(coalesce(c.k, 0) ORDER BY g)
    FROM generate_series(0, n - 1) AS g
    LEFT JOIN (SELECT v, count(*)::int AS k FROM unnest(vals) AS v GROUP BY v) c ON c.v = g
  $$;

-- A returned segment's crashes are read by route position with everything its profile and
-- counts need, from the index alone.
DROP INDEX accidents_snap_idx;
CREATE INDEX accidents_snap_idx ON accidents (snap_route_id, snap_m)
  INCLUDE (occurred_at, severity, light, deaths, injuries, id);

