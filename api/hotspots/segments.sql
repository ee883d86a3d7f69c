-- Road-segment hotspots (事故多发路段): sliding windows along each road route over the accidents'
-- stored snap positions (route, metres along it), flagged by rules, overlapping flagged windows
-- merged into segments. Built by segments-query.ts, which fills the {{…}} parts from the
-- parsed rules (metric names from a fixed list, numbers checked): one column per rule period and
-- metric, and one bit per rule in `fired` (bit i set: rule i holds in the window).
-- $1 from, $2 to (local dates, inclusive): the ranking period; $3 window and $4 step in metres,
-- or NULL for the road-type defaults (rural 500/100, urban 200/40); $5 severities or NULL;
-- $6 night or NULL; $7 jurisdiction codes or NULL; $8..$10 EPDO weights; $11 the first local
-- day read (the earlier of $1 and the longest rule's start; the rule columns carry their own
-- bounds); $12 the rules
-- as JSON (names for the output); $13 years of trend (12-month periods ending at $2, counted on
-- the segment through the (route, position) index, as the clusters do in their hulls); $14 how
-- many top-ranked segments to return (profiles, trend and geometry are built only for those).
--
-- Windows are [b·step, b·step + window) with window = 5·step (or as given), evaluated where the
-- first step-long bucket b holds an accident: a window starting on an empty bucket holds a
-- subset of the next one's accidents, so with "at least" rules it is never flagged alone and
-- never ranks higher.
WITH params AS (
  SELECT ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS t0,
         (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS t1,
         -- Trend periods (migration 0008): the last is the 12 months ending at $2.
         trend_bounds($2::date, $13::int) AS bounds
),
-- An accident must lie in every area asked for (county and township): an anti-join, after a
-- box test on the smallest area that the geom_m index answers.
areas AS (
  SELECT geom_m FROM jurisdictions WHERE code = ANY ($7::text[])
),
area_box AS (
  SELECT geom_m AS box FROM areas ORDER BY ST_Area(geom_m) LIMIT 1
),
acc AS (
  -- Read once, straight into the buckets (not kept: per-crash detail is read again below, by
  -- index, only for the returned segments).
  SELECT a.snap_route_id AS route_id, a.snap_m AS m, a.occurred_at, a.severity, a.deaths, a.injuries,
         a.light IN ('dark_lit', 'dark_unlit') AS night,
         CASE a.severity WHEN 'fatal' THEN $8::float8 WHEN 'injury' THEN $9::float8 ELSE $10::float8 END AS epdo,
         a.occurred_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS in_period
  FROM accidents a
  -- The bounds as in params, written out so that the planner sees their values (a CTE hides them).
  WHERE a.snap_route_id IS NOT NULL
    AND a.occurred_at >= ($11::date::timestamp AT TIME ZONE 'Asia/Shanghai')
    AND a.occurred_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
    AND ($5::text[] IS NULL OR a.severity = ANY ($5))
    AND ($6::boolean IS NULL OR (a.light IN ('dark_lit', 'dark_unlit')) = $6)
    AND ($7::text[] IS NULL OR (a.geom_m && (SELECT box FROM area_box)
         AND NOT EXISTS (SELECT 1 FROM areas ar WHERE NOT ST_Intersects(ar.geom_m, a.geom_m))))
),
routes AS (
  SELECT rr.id, rr.length_m,
         coalesce($3::float8, 5 * $4::float8, CASE WHEN rr.urban THEN 200 ELSE 500 END) AS win,
         coalesce($4::float8, $3::float8 / 5, CASE WHEN rr.urban THEN 40 ELSE 100 END) AS step
  FROM road_routes rr
),
-- Per route and step-long bucket: what windows are ranked by and their peak shows (ranking
-- period), and each rule's metric over its own months; every other figure is counted later, for
-- the returned segments only (each aggregate here costs ~15 ms per 100 000 crashes). A crash at
-- the very end of a road whose length is a whole number of steps goes in the last bucket.
buckets AS (
  SELECT acc.route_id, least(floor(acc.m / r.step), greatest(ceil(r.length_m / r.step) - 1, 0))::int AS b,
    -- int, not bigint: sum() over int is bigint, over bigint numeric (several times slower in the windows).
    count(*) FILTER (WHERE in_period)::int AS n,
    count(*) FILTER (WHERE in_period AND severity = 'fatal')::int AS fatal,
    count(*) FILTER (WHERE in_period AND severity = 'injury')::int AS injury,
    coalesce(sum(deaths) FILTER (WHERE in_period), 0)::int AS deaths
    {{bucket_columns}}
  FROM acc JOIN routes r ON r.id = acc.route_id
  GROUP BY 1, 2
),
windows AS (
  SELECT w.*, epdo(w.fatal, w.injury, w.n - w.fatal - w.injury, $8, $9, $10) AS epdo,
         r.step, r.win, r.length_m, {{rules_fired}} AS fired
  FROM (
    SELECT route_id, b,
      sum(n) OVER w AS n, sum(fatal) OVER w AS fatal, sum(injury) OVER w AS injury, sum(deaths) OVER w AS deaths,
      -- Running totals to the window's end. Both these and (these − the window's own) never
      -- decrease along the road, so a run of windows holds max(to end) − min(before start).
      sum(n) OVER upto AS n_end, sum(fatal) OVER upto AS fatal_end,
      sum(injury) OVER upto AS injury_end, sum(deaths) OVER upto AS deaths_end
      {{window_columns}}
    FROM buckets
    -- Every route has the same number of steps per window, so one frame fits all.
    WINDOW w AS (PARTITION BY route_id ORDER BY b RANGE BETWEEN CURRENT ROW AND {{steps_per_window_minus_1}} FOLLOWING),
           upto AS (PARTITION BY route_id ORDER BY b RANGE BETWEEN UNBOUNDED PRECEDING AND {{steps_per_window_minus_1}} FOLLOWING)
  ) w
  JOIN routes r ON r.id = w.route_id
),
flagged AS MATERIALIZED (
  -- Overlapping flagged windows ((b − previous b)·step < window) form one island.
  SELECT f.*, sum(f.starts) OVER (PARTITION BY f.route_id ORDER BY f.b) AS island
  FROM (
    SELECT w.*, CASE WHEN (w.b - lag(w.b) OVER (PARTITION BY w.route_id ORDER BY w.b)) * w.step < w.win
                     THEN 0 ELSE 1 END AS starts
    FROM windows w
    WHERE w.fired <> 0
  ) f
),
-- A segment: an island's buckets, [s_start, s_end) plus, at the road's end, the crash at exactly
-- its last metre; its totals are what segments are ranked by.
segs AS MATERIALIZED (
  SELECT route_id, island,
         min(b) * min(step) AS s_start,
         least(max(b) * min(step) + min(win), min(length_m)) AS s_end,
         bit_or(fired) AS rules,
         max(n_end) - min(n_end - n) AS n,
         max(fatal_end) - min(fatal_end - fatal) AS fatal,
         max(injury_end) - min(injury_end - injury) AS injury,
         max(deaths_end) - min(deaths_end - deaths) AS deaths
  FROM flagged
  GROUP BY route_id, island
),
peak AS (
  SELECT DISTINCT ON (route_id, island) route_id, island, b * step AS p_start,
         least(b * step + win, length_m) AS p_end, n, fatal, deaths, epdo
  FROM flagged
  ORDER BY route_id, island, epdo DESC, n DESC, b
),
stats AS (
  SELECT s.*, epdo(s.fatal, s.injury, s.n - s.fatal - s.injury, $8, $9, $10) AS epdo FROM segs s
),
ranked AS (
  SELECT st.*, row_number() OVER (ORDER BY st.epdo DESC, st.deaths DESC, st.n DESC, st.route_id, st.s_start) AS rank
  FROM stats st
),
top AS MATERIALIZED (
  SELECT * FROM ranked WHERE rank <= $14
),
-- The returned segments' crashes, by the (route, position) index, over the trend's years and the
-- ranking period, whichever starts earlier (LIMIT-free lateral: one index range per segment).
top_acc AS MATERIALIZED (
  SELECT t.route_id, t.island, a.id, a.occurred_at, a.severity, a.deaths, a.injuries, a.vehicle_types,
         a.light IN ('dark_lit', 'dark_unlit') AS night,
         a.occurred_at >= p.t0 AS in_period
  FROM top t
  JOIN road_routes rr ON rr.id = t.route_id
  CROSS JOIN params p
  CROSS JOIN LATERAL (
    -- Every crash on the segment from the (route, position) index alone; OFFSET 0 keeps the
    -- filters below out of here (given a time bound, the planner bitmap-ANDs the time index).
    SELECT a.id, a.occurred_at, a.severity, a.light, a.deaths, a.injuries, a.vehicle_types FROM accidents a
    WHERE a.snap_route_id = t.route_id AND a.snap_m BETWEEN t.s_start AND t.s_end
      AND (a.snap_m < t.s_end OR t.s_end >= rr.length_m)
    OFFSET 0
  ) a
  WHERE a.occurred_at >= least(p.t0, p.bounds[1]) AND a.occurred_at < p.t1
    AND ($5::text[] IS NULL OR a.severity = ANY ($5))
    AND ($6::boolean IS NULL OR (a.light IN ('dark_lit', 'dark_unlit')) = $6)
    AND ($7::text[] IS NULL OR EXISTS (
          SELECT 1 FROM accidents x WHERE x.id = a.id AND x.geom_m && (SELECT box FROM area_box)
             AND NOT EXISTS (SELECT 1 FROM areas ar WHERE NOT ST_Intersects(ar.geom_m, x.geom_m))))
),
details AS (
  SELECT route_id, island,
    count(*) FILTER (WHERE in_period) AS n,
    count(*) FILTER (WHERE in_period AND severity = 'fatal') AS fatal,
    count(*) FILTER (WHERE in_period AND severity = 'injury') AS injury,
    count(*) FILTER (WHERE in_period AND severity = 'pdo') AS pdo,
    coalesce(sum(deaths) FILTER (WHERE in_period), 0) AS deaths,
    coalesce(sum(injuries) FILTER (WHERE in_period), 0) AS injuries,
    avg(CASE WHEN night THEN 1.0 ELSE 0.0 END) FILTER (WHERE in_period) AS night_share,
    array_agg(extract(hour FROM occurred_at AT TIME ZONE 'Asia/Shanghai')::int) FILTER (WHERE in_period) AS hours,
    array_agg(extract(isodow FROM occurred_at AT TIME ZONE 'Asia/Shanghai')::int - 1) FILTER (WHERE in_period) AS weekdays,
    -- The trend period of each crash (0 and $13 + 1 fall outside and are not counted).
    array_agg(width_bucket(occurred_at, (SELECT bounds FROM params))) AS trend_buckets
  FROM top_acc
  GROUP BY route_id, island
),
-- Vehicle types by distinct accidents in the ranking period.
vehicles AS (
  SELECT route_id, island, json_agg(json_build_object('type', v, 'count', k) ORDER BY k DESC, v) AS types
  FROM (SELECT ta.route_id, ta.island, v, count(DISTINCT ta.id) AS k
        FROM top_acc ta, unnest(ta.vehicle_types) AS v
        WHERE ta.in_period
        GROUP BY ta.route_id, ta.island, v) per_type
  GROUP BY route_id, island
)
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'id', r.rank,
    'geometry', ST_AsGeoJSON(ST_Transform(g.line, 4326), 6)::json,
    'properties', json_build_object(
      'rank', r.rank,
      'routeId', r.route_id,
      'road', json_build_object('name', rr.name, 'ref', rr.ref, 'class', rr.class),
      'start', round(r.s_start::numeric, 1), 'end', round(r.s_end::numeric, 1),
      'length', round((r.s_end - r.s_start)::numeric, 1),
      'count', coalesce(d.n, 0), 'fatal', coalesce(d.fatal, 0), 'injury', coalesce(d.injury, 0), 'pdo', coalesce(d.pdo, 0),
      'deaths', coalesce(d.deaths, 0), 'injuries', coalesce(d.injuries, 0),
      'epdo', epdo(coalesce(d.fatal, 0), coalesce(d.injury, 0), coalesce(d.pdo, 0), $8, $9, $10),
      'nightShare', round(d.night_share, 3),
      'centroid', (SELECT json_build_array(round(ST_X(c)::numeric, 6), round(ST_Y(c)::numeric, 6))
                   FROM ST_Transform(ST_LineInterpolatePoint(g.line, 0.5), 4326) AS c),
      'rules', (SELECT json_agg(json_build_object('id', ru.value->>'id', 'name', ru.value->>'name',
                                                 'nameEn', ru.value->>'nameEn', 'condition', ru.value->>'condition',
                                                 'months', (ru.value->>'months')::int) ORDER BY ru.ord)
                FROM jsonb_array_elements($12::jsonb) WITH ORDINALITY AS ru(value, ord)
                WHERE (r.rules >> (ru.ord - 1)::int) & 1 = 1),
      'peak', json_build_object('start', round(pk.p_start::numeric, 1), 'end', round(pk.p_end::numeric, 1),
                                'count', pk.n, 'fatal', pk.fatal, 'deaths', pk.deaths, 'epdo', pk.epdo),
      'profile', json_build_object(
        'hour', counts_by(d.hours, 24),
        'weekday', counts_by(d.weekdays, 7),
        'vehicles', coalesce(v.types, '[]'::json)
      ),
      'trend', trend_json((SELECT bounds FROM params), coalesce(d.trend_buckets, '{}'))
    )
  ) ORDER BY r.rank), '[]'::json)
)::text AS fc,
(SELECT count(*) FROM segs) AS total
FROM top r
JOIN road_routes rr ON rr.id = r.route_id
LEFT JOIN vehicles v ON v.route_id = r.route_id AND v.island = r.island
LEFT JOIN details d ON d.route_id = r.route_id AND d.island = r.island
JOIN peak pk ON pk.route_id = r.route_id AND pk.island = r.island
CROSS JOIN LATERAL (SELECT ST_LineSubstring(rr.geom_m, r.s_start / rr.length_m, least(1.0, r.s_end / rr.length_m)) AS line) g
