-- Each intersection within $2 m of the area $1 (null: all) summarised from its triangles: deficient
-- when any triangle is cut; the worst leg is the one with the largest shortfall (required −
-- available). The severity is left to grade_sight() (migration 0038), which runs next: a score of
-- that shortfall's share, the speed of the traffic hidden and the crashes at the corner.
WITH
targets AS (
  SELECT i.id FROM intersections i WHERE $1::geometry IS NULL OR ST_DWithin(i.geom_m, $1::geometry, $2)
),
legs AS (
  SELECT intersection_id AS id, required_a AS required, available_a AS available FROM sight_triangles
  UNION ALL SELECT intersection_id, required_b, available_b FROM sight_triangles
),
worst AS (
  SELECT DISTINCT ON (id) id, required, available, required - available AS shortfall
  FROM legs WHERE id IN (SELECT id FROM targets)
  ORDER BY id, required - available DESC, required DESC
),
cut AS (
  SELECT intersection_id AS id, bool_or(obstructed_share > 0) AS deficient, max(obstructed_share) AS share
  FROM sight_triangles WHERE intersection_id IN (SELECT id FROM targets) GROUP BY intersection_id
)
UPDATE intersections i SET
  method = (SELECT method FROM sight_settings),
  deficient = coalesce(cut.deficient, false),
  obstructed_share = coalesce(cut.share, 0),
  worst_required = w.required,
  worst_available = w.available,
  worst_shortfall = coalesce(w.shortfall, 0),
  severity = NULL,
  analysed_at = now()
FROM targets t
LEFT JOIN cut ON cut.id = t.id
LEFT JOIN worst w ON w.id = t.id
WHERE i.id = t.id;
