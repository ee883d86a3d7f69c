-- The yearly trend of a hotspot, shared by the cluster and segment analyses.
--
-- trend_bounds(last_day, years): years + 1 instants (local midnights, Asia/Shanghai); period j
-- (1 = oldest) is [bounds[j], bounds[j + 1]) and the last one is the local dates
-- (last_day − 1 year, last_day]. A caller puts each accident in its period with
-- width_bucket(occurred_at, bounds) (0 and years + 1 fall outside).
CREATE FUNCTION trend_bounds(last_day date, n_years integer) RETURNS timestamptz[]
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT array_agg((((last_day - make_interval(years => n_years - k))::date + 1)::timestamp) AT TIME ZONE 'Asia/Shanghai'
                     ORDER BY k)
    FROM generate_series(0, n_years) AS k
  $$;

-- trend_json(bounds, buckets): the periods with their counts (from the bucket numbers), the
-- Mann-Kendall S, z, p and the trend label, as the API's `trend` object.
CREATE FUNCTION trend_json(bounds timestamptz[], buckets integer[]) RETURNS json
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT json_build_object(
      'periods', (SELECT json_agg(json_build_object(
                           'from', (bounds[g] AT TIME ZONE 'Asia/Shanghai')::date,
                           'to', (bounds[g + 1] AT TIME ZONE 'Asia/Shanghai')::date - 1,
                           'count', c.counts[g]) ORDER BY g)
                  FROM generate_series(1, cardinality(bounds) - 1) AS g),
      's', mk.s, 'z', mk.z, 'p', mk.p,
      'label', trend_label(c.counts::float8[]))
    FROM (SELECT array_agg((SELECT count(*) FROM unnest(buckets) AS b WHERE b = g)::int ORDER BY g) AS counts
          FROM generate_series(1, cardinality(bounds) - 1) AS g) c
    CROSS JOIN LATERAL mann_kendall(c.counts::float8[]) mk
  $$;
