-- What a safety performance function is fitted on: every road segment and every junction of the
-- network with its crashes of the target kind over the whole window of the data. A crash within
-- JUNCTION_M (30 m) of a junction of three or more legs is the junction's, else its road's (the
-- road it was recorded on, or snapped to).
-- $1 target: 'night' (crashes in the dark, lit or not) or 'all'; $2 from, $3 to (local dates, inclusive).
WITH crashes AS MATERIALIZED (
  SELECT a.id, a.geom_m, coalesce(a.road_id, a.snap_road_id) AS road_id
  FROM accidents a
  WHERE a.occurred_at >= $2::date::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND a.occurred_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
    AND ($1::text = 'all' OR a.light IN ('dark_lit', 'dark_unlit'))
),
at_junction AS (
  SELECT c.id, j.id AS junction_id
  FROM crashes c
  CROSS JOIN LATERAL (
    SELECT i.id FROM intersections i
    WHERE i.legs >= 3 AND ST_DWithin(i.geom_m, c.geom_m, 30)
    ORDER BY i.geom_m <-> c.geom_m LIMIT 1
  ) j
),
segment_crashes AS (
  SELECT c.road_id, count(*)::int AS y
  FROM crashes c LEFT JOIN at_junction aj ON aj.id = c.id
  WHERE aj.id IS NULL AND c.road_id IS NOT NULL
  GROUP BY c.road_id
),
junction_crashes AS (
  SELECT junction_id, count(*)::int AS y FROM at_junction GROUP BY junction_id
),
junction_roads AS (
  SELECT ap.intersection_id, min(road_class_rank(r.class)) AS major_rank, bool_or(r.urban) AS urban
  FROM approaches ap JOIN roads r ON r.id = ap.road_id
  GROUP BY ap.intersection_id
)
SELECT 'segment' AS kind, r.id, r.class, r.urban, ST_Length(r.geom_m)::float8 AS length_m, 0 AS legs, NULL::int AS major_rank,
       coalesce(s.y, 0) AS y
FROM roads r LEFT JOIN segment_crashes s ON s.road_id = r.id
WHERE ST_Length(r.geom_m) >= 10
UNION ALL
SELECT 'junction', i.id, NULL, coalesce(jr.urban, false), 0, i.legs, jr.major_rank, coalesce(jc.y, 0)
FROM intersections i
LEFT JOIN junction_roads jr ON jr.intersection_id = i.id
LEFT JOIN junction_crashes jc ON jc.junction_id = i.id
WHERE i.legs >= 3;
