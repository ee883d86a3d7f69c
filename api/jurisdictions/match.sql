-- Each staged boundary ({stage}: seq, code, name, geom in WGS84 as read) made valid and matched to
-- a township of Liaocheng: by its code (9 digits, or the 12 of a village-level code list cut to 9),
-- else by its name inside the county that holds it (exact, then without 镇/乡/街道/办事处).
-- One row a feature: the township, how it matched, or why not.
WITH shaped AS (
  SELECT s.seq, s.code, s.name,
         ST_Multi(ST_CollectionExtract(ST_MakeValid(s.geom), 3)) AS g
  FROM {stage} s
),
placed AS (
  SELECT x.*, (SELECT c.code FROM jurisdictions c WHERE c.level = 'county' AND ST_Intersects(c.geom, ST_PointOnSurface(x.g))
               ORDER BY c.code LIMIT 1) AS county
  FROM shaped x WHERE NOT ST_IsEmpty(x.g)
),
bare AS (
  SELECT p.*, regexp_replace(coalesce(p.name, ''), '(街道办事处|办事处|街道|镇|乡)$', '') AS stem FROM placed p
),
matched AS (
  SELECT b.seq, b.county, b.name,
         coalesce(
           (SELECT json_build_array(t.code, t.name, 'code') FROM jurisdictions t
            WHERE t.level = 'township' AND b.code IS NOT NULL AND t.code = left(b.code, 9)),
           (SELECT CASE WHEN count(*) = 1 THEN json_build_array(min(t.code), min(t.name), 'name') END FROM jurisdictions t
            WHERE t.level = 'township' AND t.parent_code = b.county AND t.name = b.name),
           (SELECT CASE WHEN count(*) = 1 THEN json_build_array(min(t.code), min(t.name), 'name') END FROM jurisdictions t
            WHERE t.level = 'township' AND t.parent_code = b.county AND b.stem <> ''
              AND regexp_replace(t.name, '(街道办事处|办事处|街道|镇|乡)$', '') = b.stem)
         ) AS m,
         (SELECT count(*) FROM jurisdictions t WHERE t.level = 'township' AND t.parent_code = b.county AND b.stem <> ''
            AND regexp_replace(t.name, '(街道办事处|办事处|街道|镇|乡)$', '') = b.stem)::int AS candidates
  FROM bare b
)
SELECT s.seq,
       m.m->>0 AS township, m.m->>1 AS "townshipName", m.m->>2 AS "matchedBy", m.county,
       CASE WHEN x.seq IS NULL THEN 'empty' WHEN p.seq IS NULL THEN 'empty' WHEN p.county IS NULL THEN 'outside_liaocheng'
            WHEN m.m IS NULL AND m.candidates > 1 THEN 'ambiguous' WHEN m.m IS NULL THEN 'no_township' END AS rule
FROM {stage} s
LEFT JOIN shaped x ON x.seq = s.seq AND NOT ST_IsEmpty(x.g)
LEFT JOIN placed p ON p.seq = s.seq
LEFT JOIN matched m ON m.seq = s.seq
ORDER BY s.seq;
