-- Road networks imported from OpenStreetMap, GeoJSON or a Shapefile (api/roads/import.ts): where
-- each imported road came from. Generated roads keep synthetic = true and no source.
ALTER TABLE roads
  ADD COLUMN source_key text,            -- the line in its source: way/123 (OSM), id/7 or feature/12 (#n: its nth part)
  ADD COLUMN source jsonb,               -- {"job": id or null, "file": name, "by": username}
  ADD COLUMN imported_at timestamptz;

-- Synthetic kilometre posts belong to the generated network only: a route with any imported piece
-- gets none (a clerk's 桩号 on a real road must not be placed from made-up posts).
CREATE OR REPLACE FUNCTION seed_kilometre_posts() RETURNS integer
  LANGUAGE plpgsql
  AS $$
DECLARE
  n integer;
BEGIN
  DELETE FROM kilometre_posts WHERE synthetic;
  INSERT INTO kilometre_posts (road_ref, km, synthetic, geom)
  SELECT r.ref, k, true, ST_Transform(ST_LineInterpolatePoint(r.geom_m, least(1, k * 1000 / r.length_m)), 4326)
  FROM (SELECT DISTINCT ON (rr.ref) rr.ref, rr.geom_m, rr.length_m FROM road_routes rr
        WHERE rr.ref IS NOT NULL AND rr.length_m >= 1000
          AND NOT EXISTS (SELECT 1 FROM roads x WHERE x.route_id = rr.id AND NOT x.synthetic)
        ORDER BY rr.ref, rr.length_m DESC) r,
       generate_series(0, floor(r.length_m / 1000)::integer) k
  ON CONFLICT (road_ref, km) DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
CREATE INDEX roads_route_idx ON roads (route_id);
