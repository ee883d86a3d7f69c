-- Columns for the binary encoding, each as one comma-joined string: parsing six long strings
-- in JS is far cheaper than a million row objects. $8..$11 is the quantisation box.
SELECT count(*) AS n,
  string_agg(a.id::text, ',' ORDER BY a.occurred_at, a.id) AS ids,
  string_agg(greatest(0, least(65535, round((ST_X(a.geom) - $8) / ($10 - $8) * 65535)))::int::text, ',' ORDER BY a.occurred_at, a.id) AS xs,
  string_agg(greatest(0, least(65535, round((ST_Y(a.geom) - $9) / ($11 - $9) * 65535)))::int::text, ',' ORDER BY a.occurred_at, a.id) AS ys,
  string_agg(((a.occurred_at AT TIME ZONE 'Asia/Shanghai')::date - date '2000-01-01')::text, ',' ORDER BY a.occurred_at, a.id) AS days,
  string_agg(extract(hour FROM a.occurred_at AT TIME ZONE 'Asia/Shanghai')::int::text, ',' ORDER BY a.occurred_at, a.id) AS hours,
  string_agg((
      CASE a.severity WHEN 'fatal' THEN 0 WHEN 'injury' THEN 1 ELSE 2 END
    -- parenthesised: in SQL, | and << share one precedence level and bind left to right
    | (CASE a.light WHEN 'day' THEN 0 WHEN 'dusk' THEN 1 WHEN 'dark_lit' THEN 2 ELSE 3 END << 2)
    | CASE WHEN a.vehicle_types && ARRAY['ebike', 'tricycle', 'motorcycle', 'bicycle'] THEN 16 ELSE 0 END
    | CASE WHEN 'pedestrian' = ANY (a.vehicle_types) THEN 32 ELSE 0 END
    | CASE WHEN 'truck' = ANY (a.vehicle_types) THEN 64 ELSE 0 END
  )::text, ',' ORDER BY a.occurred_at, a.id) AS flags
FROM accidents a
WHERE /*FILTER*/
