-- Hot-spot analysis (Getis-Ord Gi*) on a hexagon grid in the metric CRS.
-- $1 from, $2 to (local dates, inclusive); $3 severities or NULL; $4 night (true/false) or NULL;
-- $5 jurisdiction codes accidents must lie in (county, township) or NULL; $6 code of the study
-- area (township, else county) or NULL for the whole city; $7 cell: hexagon edge length (m), the
-- `size` of ST_HexagonGrid; $8 distance band (m) between hexagon centres; $9 bbox
-- [minLon, minLat, maxLon, maxLat] or NULL; $10 fdr; $11 true: every cell, false: cells with
-- accidents or a non-zero bin.
--
-- ST_HexagonGrid(size) lays flat-topped hexagons from the CRS origin: cell (i, j) is centred at
-- x = 1.5·size·i, y = √3·size·(j + ½·(i & 1)) (odd columns half a row up; i & 1 is 1 for odd i,
-- negative ones included), and ST_Hexagon(size, i, j) is the same polygon. Hexagons are the
-- Voronoi cells of their centres, so an accident lies in the cell with the nearest centre: one of
-- two candidates, the nearest row in column ⌊x / 1.5·size⌋ and in the next. That arithmetic
-- replaces a point-in-polygon join (checked against ST_Intersects with ST_HexagonGrid's polygons
-- for 200 000 accidents at seven sizes from 100 to 5 000 m: the same cell every time); a point
-- exactly on an edge counts once, in one of the two cells. Neighbours come from the same layout: the centre offsets
-- (di, dj) within the distance band, for each parity of i.
--
-- The study cells, the counts and the neighbour sums meet in GROUP BYs, not joins: the planner
-- guesses one row for ST_HexagonGrid, and a join on that guess becomes a nested loop over every
-- pair of cells.
WITH study_area AS (
  SELECT geom, geom_m FROM jurisdictions
  WHERE code = coalesce($6::text, (SELECT code FROM jurisdictions WHERE level = 'city' ORDER BY code LIMIT 1))
),
box AS (
  -- Clipped to the area in degrees first, so a world-sized box never reaches the projection;
  -- segmentised so its edges stay on the parallels and meridians once projected.
  SELECT ST_Transform(ST_Segmentize(ST_Intersection(
           ST_MakeEnvelope(($9::float8[])[1], ($9::float8[])[2], ($9::float8[])[3], ($9::float8[])[4], 4326),
           ST_Expand(ST_Envelope(a.geom), 0.01)), 0.01), metric_srid()) AS geom_m
  FROM study_area a
  WHERE $9::float8[] IS NOT NULL
),
cells AS (
  SELECT g.i, g.j
  FROM study_area a
  LEFT JOIN box b ON true
  CROSS JOIN LATERAL ST_HexagonGrid($7::float8,
    coalesce(ST_Intersection(ST_Envelope(a.geom_m), ST_Envelope(b.geom_m)), a.geom_m)) g
  WHERE ST_Intersects(g.geom, a.geom_m)
    AND (b.geom_m IS NULL OR ST_Intersects(g.geom, b.geom_m))
),
areas AS (
  SELECT geom_m FROM jurisdictions WHERE code = ANY ($5::text[])
),
counts AS (
  -- u, v: position in column and row spacings. Each OFFSET 0 step is computed once per accident
  -- instead of being copied into every expression that uses it (twice as fast on 200 000).
  SELECT CASE WHEN near0 THEN i0 ELSE i0 + 1 END AS i,
         CASE WHEN near0 THEN j0 ELSE j1 END AS j,
         count(*) AS x
  FROM (
    SELECT i0, j0, j1,
           2.25 * (u - i0) ^ 2 + 3 * (v - j0 - 0.5::float8 * (i0 & 1)) ^ 2
             <= 2.25 * (u - i0 - 1) ^ 2 + 3 * (v - j1 - 0.5::float8 * ((i0 + 1) & 1)) ^ 2 AS near0
    FROM (
      SELECT u, v, i0,
             round(v - 0.5::float8 * (i0 & 1))::int AS j0,
             round(v - 0.5::float8 * ((i0 + 1) & 1))::int AS j1
      FROM (
        SELECT u, v, floor(u)::int AS i0
        FROM (
          SELECT ST_X(a.geom_m) / (1.5 * $7::float8) AS u, ST_Y(a.geom_m) / (sqrt(3::float8) * $7::float8) AS v
          FROM accidents a
          WHERE a.occurred_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
            AND a.occurred_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
            AND ($3::text[] IS NULL OR a.severity = ANY ($3))
            AND ($4::boolean IS NULL OR (a.light IN ('dark_lit', 'dark_unlit')) = $4)
            -- In every area asked for (an anti-join: a correlated subquery a row costs 3× as much).
            AND ($5::text[] IS NULL OR NOT EXISTS (SELECT 1 FROM areas ar WHERE NOT ST_Intersects(ar.geom_m, a.geom_m)))
            -- With an area or a box, only accidents near it, through the geom_m index; cells reach
            -- 2·size past the box.
            AND ($5::text[] IS NULL OR a.geom_m && (SELECT geom_m FROM study_area))
            AND ($9::float8[] IS NULL OR a.geom_m && (SELECT ST_Expand(ST_Envelope(b.geom_m), 2 * $7::float8) FROM box b))
          OFFSET 0) xy
        OFFSET 0) step1
      OFFSET 0) step2
    OFFSET 0) step3
  GROUP BY 1, 2
),
cell_counts AS MATERIALIZED (
  -- Every study cell with its count; accidents in cells outside the study area drop out.
  SELECT i, j, sum(x)::float8 AS x
  FROM (SELECT i, j, 0 AS x, true AS study FROM cells
        UNION ALL
        SELECT i, j, x, false FROM counts) u
  GROUP BY i, j
  HAVING bool_or(study)
),
stats AS (
  -- n·Σx² − (Σx)² in exact numbers, so S = 0 exactly when every count is equal.
  SELECT count(*) AS n, metric_srid() AS srid,
         coalesce(sum(x), 0) / greatest(count(*), 1) AS mean,
         sqrt(greatest(count(*) * sum(x::numeric * x::numeric) - sum(x::numeric) ^ 2, 0))::float8
           / greatest(count(*), 1) AS sd
  FROM cell_counts
),
offsets AS (
  -- Centre offsets within the band, by parity of i: a step to the next column moves half a row
  -- up from an even column, down from an odd one. The bounds use the parameters directly so
  -- the planner sees constants and knows how many rows generate_series gives.
  SELECT par, di, dj
  FROM generate_series(0, 1) AS par,
       generate_series(-floor($8::float8 / (1.5 * $7::float8))::int, floor($8::float8 / (1.5 * $7::float8))::int) AS di,
       generate_series(-ceil($8::float8 / (sqrt(3::float8) * $7::float8))::int - 1,
                       ceil($8::float8 / (sqrt(3::float8) * $7::float8))::int + 1) AS dj
  WHERE sqrt((1.5 * $7::float8 * di) ^ 2 + (sqrt(3::float8) * $7::float8 * (dj + 0.5::float8 * (((par + di) & 1) - par))) ^ 2)
        <= $8::float8 + 1e-6
),
sums AS (
  -- Each cell hands its count to every position in its band. The band is symmetric, so cell i
  -- receives Σⱼ wᵢⱼ xⱼ, and Σⱼ wᵢⱼ as the number of givers; its gift to itself (offset 0, 0)
  -- marks the positions that are study cells.
  SELECT c.i + o.di AS i, c.j + o.dj AS j,
         count(*)::float8 AS wsum,
         sum(c.x) AS wx,
         max(c.x) FILTER (WHERE o.di = 0 AND o.dj = 0) AS x
  FROM cell_counts c, offsets o
  WHERE o.par = (c.i & 1)
  GROUP BY 1, 2
  HAVING bool_or(o.di = 0 AND o.dj = 0)
),
scores AS (
  -- Binary weights, so Σw² = Σw. A cell whose band holds the whole study area has no z (0/0).
  SELECT s.i, s.j, s.x, s.wsum,
         (s.wx - st.mean * s.wsum)
           / NULLIF(st.sd * sqrt((st.n * s.wsum - s.wsum ^ 2) / NULLIF(st.n - 1, 0)), 0) AS z
  FROM sums s, stats st
  WHERE st.sd > 0
),
tested AS MATERIALIZED (
  -- Cells with the same neighbourhood sums share z; p is computed once per z (the erfc fit is a
  -- SQL function the planner cannot inline, ~10 µs a call) and handed back to every cell.
  SELECT c.i, c.j, c.x, c.wsum, g.z, g.p,
         CASE WHEN g.p < 0.01 THEN 3 WHEN g.p < 0.05 THEN 2 WHEN g.p < 0.10 THEN 1 ELSE 0 END AS level,
         row_number() OVER (ORDER BY g.p NULLS LAST, c.i, c.j) AS k
  FROM (SELECT z, normal_p_two_sided(z) AS p,
               array_agg(i) AS i, array_agg(j) AS j, array_agg(x) AS x, array_agg(wsum) AS wsum
        FROM scores GROUP BY z) g
  CROSS JOIN LATERAL unnest(g.i, g.j, g.x, g.wsum) AS c(i, j, x, wsum)
),
fdr AS (
  -- Benjamini-Hochberg per confidence level over all m = n cells: the largest rank k with
  -- p₍k₎ ≤ k/m·α sets the critical p-value p₍k₎ (NULL: nothing significant at that level).
  SELECT max(t.p) FILTER (WHERE t.p <= t.k * 0.01::float8 / st.n) AS p01,
         max(t.p) FILTER (WHERE t.p <= t.k * 0.05::float8 / st.n) AS p05,
         max(t.p) FILTER (WHERE t.p <= t.k * 0.10::float8 / st.n) AS p10
  FROM tested t, stats st
),
result AS (
  SELECT t.i, t.j, t.x, t.wsum, t.z, t.p,
         (sign(coalesce(t.z, 0)) * t.level)::int AS bin,
         (sign(coalesce(t.z, 0)) * CASE WHEN t.level >= 3 AND t.p <= f.p01 THEN 3
                                        WHEN t.level >= 2 AND t.p <= f.p05 THEN 2
                                        WHEN t.level >= 1 AND t.p <= f.p10 THEN 1
                                        ELSE 0 END)::int AS bin_fdr
  FROM tested t, fdr f
  WHERE $11::boolean OR t.x > 0 OR t.level > 0
)
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce((
    SELECT json_agg(json_build_object(
      'type', 'Feature',
      'id', r.i || ':' || r.j,
      'geometry', ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_Hexagon($7::float8, r.i, r.j), st.srid), 4326), 6)::json,
      'properties', CASE WHEN $10::boolean
        THEN json_build_object('i', r.i, 'j', r.j, 'count', r.x::bigint, 'gi', round(r.z::numeric, 3), 'p', r.p,
                               'bin', r.bin, 'binFdr', r.bin_fdr, 'neighbours', r.wsum::int)
        ELSE json_build_object('i', r.i, 'j', r.j, 'count', r.x::bigint, 'gi', round(r.z::numeric, 3), 'p', r.p,
                               'bin', r.bin, 'neighbours', r.wsum::int) END
    ) ORDER BY r.i, r.j)
    FROM result r
  ), '[]'::json),
  'meta', json_build_object(
    'cell', $7::float8, 'distance', $8::float8, 'cells', st.n, 'mean', st.mean, 'sd', st.sd,
    'fdr', $10::boolean, 'from', $1::date, 'to', $2::date
  )
)::text AS fc
FROM stats st
