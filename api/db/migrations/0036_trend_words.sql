-- A trend label says a trend only when the test finds one at the 5 % level (it was 10 %, so a
-- hotspot read "intensifying" at p = 0.068), and the label for "no significant trend" says that:
-- 'none' (it was 'persistent', read as 持续 beside a +500 % 同比, a different measure).
--   'new'          every period before the last is 0 and the last is > 0
--   'intensifying' otherwise, Mann-Kendall S > 0 with p < alpha
--   'diminishing'  otherwise, S < 0 with p < alpha
--   'none'         everything else (no significant trend, all zero included)
CREATE OR REPLACE FUNCTION trend_label_of(x float8[], s integer, p float8, alpha float8 DEFAULT 0.05) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN c.n >= 1 AND c.v[c.n] > 0 AND NOT EXISTS (SELECT 1 FROM unnest(c.v[1:c.n - 1]) e WHERE e <> 0) THEN 'new'
      WHEN s > 0 AND p < alpha THEN 'intensifying'
      WHEN s < 0 AND p < alpha THEN 'diminishing'
      ELSE 'none' END
    FROM (SELECT v, cardinality(v) AS n FROM (SELECT coalesce(array_remove(x, NULL), '{}') AS v) a) c
  $$;

CREATE OR REPLACE FUNCTION trend_label(x float8[], alpha float8 DEFAULT 0.05) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT trend_label_of(x, mk.s, mk.p, alpha) FROM mann_kendall(x) mk $$;

COMMENT ON FUNCTION trend_label(float8[], float8) IS
  'new / intensifying / diminishing / none for counts per period, oldest first (simplified from the ArcGIS emerging hot spot categories): new = only the last period > 0; intensifying / diminishing = Mann-Kendall S > 0 / S < 0 with p < alpha (default 0.05); else none (no significant trend).';
