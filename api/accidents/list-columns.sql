-- Columns for the binary encoding, each as one comma-joined string: parsing six long strings
-- in JS is far cheaper than a million row objects. $8..$11 is the quantisation box.
-- One sort in the subquery feeds all six aggregates in order (an ORDER BY inside each
-- string_agg would sort the set six times); tests check the order.
SELECT count(*) AS n,
  string_agg(id::text, ',') AS ids,
  string_agg(x::text, ',') AS xs,
  string_agg(y::text, ',') AS ys,
  string_agg(day::text, ',') AS days,
  string_agg(hour::text, ',') AS hours,
  string_agg(flags::text, ',') AS flags
FROM (
  SELECT a.id,
    greatest(0, least(65535, round((ST_X(a.geom) - $8) / ($10 - $8) * 65535)))::int AS x,
    greatest(0, least(65535, round((ST_Y(a.geom) - $9) / ($11 - $9) * 65535)))::int AS y,
    (local_time::date - date '2000-01-01') AS day,
    extract(hour FROM local_time)::int AS hour,
    (   CASE a.severity WHEN 'fatal' THEN 0 WHEN 'injury' THEN 1 ELSE 2 END
      -- parenthesised: in SQL, | and << share one precedence level and bind left to right
      | (CASE a.light WHEN 'day' THEN 0 WHEN 'dusk' THEN 1 WHEN 'dark_lit' THEN 2 ELSE 3 END << 2)
      | CASE WHEN a.vehicle_types && ARRAY['ebike', 'tricycle', 'motorcycle', 'bicycle'] THEN 16 ELSE 0 END
      | CASE WHEN 'pedestrian' = ANY (a.vehicle_types) THEN 32 ELSE 0 END
      | CASE WHEN 'truck' = ANY (a.vehicle_types) THEN 64 ELSE 0 END
    ) AS flags
  FROM accidents a
  CROSS JOIN LATERAL (SELECT a.occurred_at AT TIME ZONE 'Asia/Shanghai' AS local_time) lt
  WHERE /*FILTER*/
  ORDER BY a.occurred_at, a.id
) rows
