-- Village and community committees carry their official names (宋小屯村村委会, 文化社区居民委员会);
-- a map names the place (宋小屯村, 文化社区).
CREATE FUNCTION short_place_name(name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN name ~ '村村委会$' THEN regexp_replace(name, '村委会$', '')
      WHEN name ~ '村委会$' THEN regexp_replace(name, '委会$', '')
      WHEN name ~ '社区(居民委员会|居委会)$' THEN regexp_replace(name, '(居民委员会|居委会)$', '')
      WHEN name ~ '(居民委员会|居委会)$' AND length(regexp_replace(name, '(居民委员会|居委会)$', '')) > 0
        THEN regexp_replace(name, '(居民委员会|居委会)$', '')
      ELSE name
    END
  $$;
COMMENT ON FUNCTION short_place_name(text) IS 'A committee''s name as a map label: 宋小屯村村委会 → 宋小屯村.';
