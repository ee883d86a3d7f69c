-- Grading of sight-line-deficient intersections (视距不足路口): a score of points for how much of
-- the required distance is missing, how fast the traffic that cannot be seen comes, and the crashes
-- at the corner, instead of the shortfall's share alone (which made 1 167 of 1 619 corners 严重).
-- The rule is data (these two tables); docs/API.md, "Sight lines", explains it.

-- Whole-city settings of the grade: which crashes count (within crash_radius metres of the
-- intersection, in the crash_years before the newest accident on record) and the scores at which a
-- corner is severe or moderate (below moderate_at: minor).
CREATE TABLE sight_grading (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  crash_radius numeric NOT NULL DEFAULT 50 CHECK (crash_radius > 0),
  crash_years integer NOT NULL DEFAULT 3 CHECK (crash_years BETWEEN 1 AND 10),
  severe_at integer NOT NULL DEFAULT 7,
  moderate_at integer NOT NULL DEFAULT 4,
  CHECK (severe_at > moderate_at AND moderate_at > 0)
);
INSERT INTO sight_grading DEFAULT VALUES;

-- Points per factor: a value earns the points of the highest row it reaches (none reached: 0).
--   shortfall_share   the worst leg's shortfall ÷ what it required (0–1)
--   hidden_speed      the design speed (km/h) of the fastest approach a driver cannot see far
--                     enough along; a road's class gives it when the road has none of its own
--   crashes           crashes within the radius in the window
--   casualty_crashes  of those, the ones that killed or injured someone
CREATE TABLE sight_grade_points (
  factor text NOT NULL CHECK (factor IN ('shortfall_share', 'hidden_speed', 'crashes', 'casualty_crashes')),
  at_least numeric NOT NULL,
  points integer NOT NULL CHECK (points >= 0),
  PRIMARY KEY (factor, at_least)
);
INSERT INTO sight_grade_points (factor, at_least, points) VALUES
  ('shortfall_share', 0.25, 1), ('shortfall_share', 0.5, 2), ('shortfall_share', 0.75, 3),
  ('hidden_speed', 40, 1), ('hidden_speed', 60, 2), ('hidden_speed', 80, 3),
  ('crashes', 1, 1), ('crashes', 2, 2), ('crashes', 3, 3),
  ('casualty_crashes', 1, 1);

-- The points a value earns for a factor (0 for a null value).
CREATE FUNCTION sight_points(factor text, value numeric) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT max(p.points) FROM sight_grade_points p WHERE p.factor = $1 AND p.at_least <= $2), 0)
$$;
COMMENT ON FUNCTION sight_points(text, numeric) IS 'Points of one factor of the sight-line grade (table sight_grade_points).';

-- What each graded intersection scored, as graded (the crashes as of that moment).
ALTER TABLE intersections
  ADD COLUMN hidden_speed integer,
  ADD COLUMN crashes integer,
  ADD COLUMN casualty_crashes integer,
  ADD COLUMN score integer;

-- Grades the deficient intersections within `reach` m of `area` (metric CRS; null: all), after
-- api/intersections/summary.sql: score = the four factors' points; severity by the score
-- (sight_grading). Deficient corners without a shortfall, and sound ones, have no grade. A
-- function, not a view or a file, because the migration below grades the intersections analysed
-- before it; its tables are looked up when it runs (tests grade private copies).
CREATE FUNCTION grade_sight(area geometry, reach float8) RETURNS void
LANGUAGE sql VOLATILE AS $$
  WITH
  g AS (SELECT * FROM sight_grading LIMIT 1),
  clock AS (SELECT max(occurred_at) AS last FROM accidents),
  targets AS (
    SELECT i.id, i.geom_m, i.worst_shortfall / nullif(i.worst_required, 0) AS share,
           coalesce(i.deficient AND i.worst_shortfall > 0, false) AS graded
    FROM intersections i
    WHERE $1 IS NULL OR ST_DWithin(i.geom_m, $1, $2)
  ),
  hidden AS (
    SELECT a.intersection_id AS id, max(a.design_speed) AS speed
    FROM sight_triangles s
    JOIN approaches a ON a.intersection_id = s.intersection_id
     AND ((a.leg = s.leg_a AND s.available_a < s.required_a) OR (a.leg = s.leg_b AND s.available_b < s.required_b))
    WHERE s.intersection_id IN (SELECT id FROM targets WHERE graded)
    GROUP BY a.intersection_id
  ),
  near AS (
    SELECT t.id, count(x.severity)::int AS crashes, count(x.severity) FILTER (WHERE x.severity <> 'pdo')::int AS casualty
    FROM targets t CROSS JOIN g CROSS JOIN clock
    LEFT JOIN LATERAL (
      SELECT a.severity FROM accidents a
      WHERE ST_DWithin(a.geom_m, t.geom_m, g.crash_radius)
        AND a.occurred_at > clock.last - make_interval(years => g.crash_years)
    ) x ON true
    WHERE t.graded
    GROUP BY t.id
  ),
  scored AS (
    SELECT t.id, t.graded, h.speed, n.crashes, n.casualty,
           sight_points('shortfall_share', t.share) + sight_points('hidden_speed', h.speed)
             + sight_points('crashes', n.crashes) + sight_points('casualty_crashes', n.casualty) AS score
    FROM targets t
    LEFT JOIN hidden h ON h.id = t.id
    LEFT JOIN near n ON n.id = t.id
  )
  UPDATE intersections i SET
    hidden_speed = CASE WHEN s.graded THEN s.speed END,
    crashes = CASE WHEN s.graded THEN s.crashes END,
    casualty_crashes = CASE WHEN s.graded THEN s.casualty END,
    score = CASE WHEN s.graded THEN s.score END,
    severity = CASE WHEN NOT s.graded THEN NULL
                    WHEN s.score >= g.severe_at THEN 'severe'
                    WHEN s.score >= g.moderate_at THEN 'moderate'
                    ELSE 'minor' END
  FROM scored s, g
  WHERE i.id = s.id
$$;
COMMENT ON FUNCTION grade_sight(geometry, float8) IS 'Grades the sight-line-deficient intersections near an area (null: all) by score; see sight_grading.';

-- The intersections analysed so far, graded by the new rule.
SELECT grade_sight(NULL, 0);

CREATE INDEX intersections_score_idx ON intersections (score DESC NULLS LAST, worst_shortfall DESC NULLS LAST) WHERE deficient;
