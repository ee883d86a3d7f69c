-- Trend tests for counts per period (per cluster, per road segment): the Mann-Kendall test and a
-- label that follows it.

-- Mann-Kendall trend test on a series in time order (oldest first), with the normal
-- approximation:
--   S      = Σ_{i<j} sign(x_j − x_i)
--   Var(S) = n(n−1)(2n+5)/18 − Σ_t t(t−1)(2t+5)/18, the sum over groups of t tied values
--   z      = (S − 1)/√Var if S > 0, (S + 1)/√Var if S < 0, 0 if S = 0 (continuity correction)
--   p      = two-sided, P(|Z| ≥ |z|)
-- NULL elements (periods without data) are dropped. With fewer than 3 values or Var = 0 (all
-- values tied) there is no test: s and variance are still given, z = 0 and p = 1.
-- PL/pgSQL rather than a SQL function: a SQL table function is inlined into every query that
-- calls it, and the planner then copies its subqueries for each use of s (half a second of
-- planning for the clusters query on PGlite).
CREATE FUNCTION mann_kendall(x float8[]) RETURNS TABLE (s integer, variance float8, z float8, p float8)
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
DECLARE
  v float8[] := coalesce(array_remove(x, NULL), '{}');
  n integer := cardinality(v);
  ties float8;
BEGIN
  s := 0;
  FOR i IN 1 .. n - 1 LOOP
    FOR j IN i + 1 .. n LOOP
      s := s + sign(v[j] - v[i])::integer;
    END LOOP;
  END LOOP;
  SELECT coalesce(sum(t * (t - 1) * (2 * t + 5)), 0) INTO ties
  FROM (SELECT count(*)::float8 AS t FROM unnest(v) AS e GROUP BY e) g;
  variance := CASE WHEN n < 2 THEN 0 ELSE (n::float8 * (n - 1) * (2 * n + 5) - ties) / 18 END;
  IF n < 3 OR variance <= 0 OR s = 0 THEN
    z := 0;
    p := 1;
  ELSE
    z := (s - sign(s)) / sqrt(variance);
    -- erfc_approx(0) is 1 + 3e-8: keep p within [0, 1].
    p := least(1, normal_p_two_sided(z));
  END IF;
  RETURN NEXT;
END
$$;
COMMENT ON FUNCTION mann_kendall(float8[]) IS
  'Mann-Kendall trend test (normal approximation, tie-corrected variance, continuity-corrected z, two-sided p) of a series oldest first; NULLs dropped; n < 3 or Var = 0 gives z = 0, p = 1.';

-- A trend label for counts per period, oldest first, simplified from the ArcGIS Pro
-- emerging hot spot analysis categories (which also require the location to be a significant
-- Gi* hot spot in each period; here the location is already a hotspot and only its counts are
-- tested):
--   'new'          every period before the last is 0 and the last is > 0
--   'intensifying' otherwise, Mann-Kendall S > 0 with p < alpha
--   'diminishing'  otherwise, S < 0 with p < alpha
--   'persistent'   everything else (no significant trend, all zero included)
-- NULL elements are dropped, as in mann_kendall.
CREATE FUNCTION trend_label(x float8[], alpha float8 DEFAULT 0.10) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN c.n >= 1 AND c.v[c.n] > 0 AND NOT EXISTS (SELECT 1 FROM unnest(c.v[1:c.n - 1]) e WHERE e <> 0) THEN 'new'
      WHEN mk.s > 0 AND mk.p < alpha THEN 'intensifying'
      WHEN mk.s < 0 AND mk.p < alpha THEN 'diminishing'
      ELSE 'persistent' END
    FROM (SELECT v, cardinality(v) AS n FROM (SELECT coalesce(array_remove(x, NULL), '{}') AS v) a) c
    CROSS JOIN LATERAL mann_kendall(c.v) mk
  $$;
COMMENT ON FUNCTION trend_label(float8[], float8) IS
  'new / intensifying / diminishing / persistent for counts per period, oldest first (simplified from the ArcGIS emerging hot spot categories): new = only the last period > 0; intensifying / diminishing = Mann-Kendall S > 0 / S < 0 with p < alpha (default 0.10); else persistent.';
