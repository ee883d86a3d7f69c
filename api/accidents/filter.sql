-- Shared accident filter. $1..$4 bbox (lon/lat, optional), $5 from and $6 to (local dates,
-- inclusive, optional), $7 severities (optional). Dates are local to Liaocheng (UTC+8).
  ($1::float8 IS NULL OR a.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))
  AND ($5::date IS NULL OR a.occurred_at >= ($5::date::timestamp AT TIME ZONE 'Asia/Shanghai'))
  AND ($6::date IS NULL OR a.occurred_at < (($6::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
  AND ($7::text[] IS NULL OR a.severity = ANY ($7))
