-- Each whole-city run of the sight-line analysis: how it measured and what it found, so that
-- stopping and intersection sight distance (or two gap times) can be compared side by side.
-- Re-analyses after an obstacle edit are partial and not recorded here.
CREATE TABLE sight_runs (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  method text NOT NULL CHECK (method IN ('ssd', 'isd')),
  gap_seconds numeric NOT NULL,
  intersections integer NOT NULL,
  deficient integer NOT NULL,
  severe integer NOT NULL,
  moderate integer NOT NULL,
  minor integer NOT NULL,
  -- How long it took; null for the row below, which records a database analysed before runs were.
  ms integer,
  -- Null: the first start's analysis.
  run_by integer REFERENCES users (id),
  run_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO sight_runs (method, gap_seconds, intersections, deficient, severe, moderate, minor, run_at)
SELECT s.method, s.gap_seconds, count(*), count(*) FILTER (WHERE i.deficient),
       count(*) FILTER (WHERE i.severity = 'severe'), count(*) FILTER (WHERE i.severity = 'moderate'),
       count(*) FILTER (WHERE i.severity = 'minor'), coalesce(max(i.analysed_at), now())
FROM intersections i, sight_settings s
GROUP BY s.method, s.gap_seconds
HAVING count(*) > 0;
