-- Real kilometre posts (公里桩), imported from a road agency's list (api/roads/post-import.ts):
-- where each came from. A road with any real post keeps no made-up ones: the import removes its
-- synthetic posts, and seed_kilometre_posts() (after a network rebuild) gives it none again.
ALTER TABLE kilometre_posts
  ADD COLUMN source jsonb,               -- {"job": id or null, "file": name, "row": n, "by": username}
  ADD COLUMN imported_at timestamptz;

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
          AND NOT EXISTS (SELECT 1 FROM kilometre_posts p WHERE p.road_ref = rr.ref AND NOT p.synthetic)
        ORDER BY rr.ref, rr.length_m DESC) r,
       generate_series(0, floor(r.length_m / 1000)::integer) k
  ON CONFLICT (road_ref, km) DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- A post's road is looked up by its ref or its name, for every row of a list.
CREATE INDEX roads_ref_idx ON roads (ref) WHERE ref IS NOT NULL;
DROP INDEX roads_name_idx;
CREATE INDEX roads_name_idx ON roads (name) WHERE name IS NOT NULL;
