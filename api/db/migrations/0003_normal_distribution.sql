-- The standard normal distribution for significance tests (Gi*, Mann-Kendall). PostgreSQL 15
-- has no erf/erfc (they arrive in 16), so erfc uses the Chebyshev fit of Numerical Recipes
-- (2nd ed., §6.2, "erfcc"): fractional error below 1.2e-7 everywhere, so small tail
-- probabilities keep their relative precision.
CREATE FUNCTION erfc_approx(x float8) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$
    SELECT CASE WHEN x >= 0 THEN r ELSE 2 - r END
    FROM (SELECT 1 / (1 + 0.5 * abs(x)) AS t) a,
    LATERAL (SELECT t * exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
      + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
      + t * (-0.82215223 + t * 0.17087277))))))))) AS r) b
  $$;

-- P(Z <= z) for a standard normal Z.
CREATE FUNCTION normal_cdf(z float8) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT 0.5 * erfc_approx(-z / sqrt(2.0)) $$;

-- Two-sided p-value of a z-score: P(|Z| >= |z|).
CREATE FUNCTION normal_p_two_sided(z float8) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT erfc_approx(abs(z) / sqrt(2.0)) $$;
