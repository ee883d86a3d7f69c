-- Accident records as brigades export them (api/accidents/import.ts): what the export says beyond
-- the analysed fields, and where each imported record came from.
ALTER TABLE accidents
  ADD COLUMN place text,                 -- 地点, as written
  ADD COLUMN property_loss numeric(14, 2) CHECK (property_loss >= 0),  -- 直接财产损失, yuan
  ADD COLUMN manner text,                -- 事故形态 (追尾, 正面相撞, 刮撞行人 …), as written
  ADD COLUMN road_name text,             -- 道路名称, as written
  ADD COLUMN stake text,                 -- 公里桩号, as written (K12+300)
  ADD COLUMN placed_by text CHECK (placed_by IN ('coordinates', 'stake')),
  -- The import that wrote the record: {"job": id or null, "file": name, "row": n, "by": username}.
  ADD COLUMN source jsonb,
  ADD COLUMN imported_at timestamptz;

-- Kilometre posts (公里桩) of the roads that have them: a record without coordinates is placed
-- from its road and 桩号 between the two posts around it, along the road (place_at_stake).
CREATE TABLE kilometre_posts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  road_ref text NOT NULL,                -- the road's ref (G309, S254) or, without one, its name
  km float8 NOT NULL CHECK (km >= 0),
  synthetic boolean NOT NULL DEFAULT false,
  geom geometry(Point, 4326) NOT NULL,
  geom_m geometry(Point),
  UNIQUE (road_ref, km)
);
CREATE TRIGGER kilometre_posts_geom_m BEFORE INSERT OR UPDATE OF geom ON kilometre_posts
  FOR EACH ROW EXECUTE FUNCTION set_geom_m();

-- place_at_stake finds a road's posts by its ref, or by its name through the roads that carry it.
CREATE INDEX roads_name_idx ON roads (name) WHERE ref IS NOT NULL;
CREATE INDEX road_routes_ref_idx ON road_routes (ref);
CREATE INDEX road_routes_name_idx ON road_routes (name);

-- Synthetic posts for the generated network: along the longest part of each numbered route, a
-- post every kilometre from its start (K0). Real posts replace them (DELETE … WHERE synthetic).
CREATE FUNCTION seed_kilometre_posts() RETURNS integer
  LANGUAGE plpgsql
  AS $$
DECLARE
  n integer;
BEGIN
  DELETE FROM kilometre_posts WHERE synthetic;
  INSERT INTO kilometre_posts (road_ref, km, synthetic, geom)
  SELECT r.ref, k, true, ST_Transform(ST_LineInterpolatePoint(r.geom_m, least(1, k * 1000 / r.length_m)), 4326)
  FROM (SELECT DISTINCT ON (ref) ref, geom_m, length_m FROM road_routes
        WHERE ref IS NOT NULL AND length_m >= 1000
        ORDER BY ref, length_m DESC) r,
       generate_series(0, floor(r.length_m / 1000)::integer) k
  ON CONFLICT (road_ref, km) DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- A 桩号 on a road as a point: between the posts at or below and at or above `p_km`, the same share
-- of the way along the road's route (or of the straight line between them, when no route of the
-- road passes both). `reason` says why not: the road has no posts, or the 桩号 lies beyond them.
CREATE FUNCTION place_at_stake(p_road text, p_km float8, OUT geom geometry, OUT reason text)
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  refs text[];
  lo record;
  hi record;
  route geometry;
  f float8;
BEGIN
  refs := ARRAY(SELECT p_road UNION SELECT DISTINCT ref FROM roads WHERE name = p_road AND ref IS NOT NULL);
  IF NOT EXISTS (SELECT 1 FROM kilometre_posts p WHERE p.road_ref = ANY (refs)) THEN
    reason := 'no_posts';
    RETURN;
  END IF;
  SELECT p.road_ref, p.km, p.geom_m INTO lo FROM kilometre_posts p WHERE p.road_ref = ANY (refs) AND p.km <= p_km ORDER BY p.km DESC LIMIT 1;
  SELECT p.road_ref, p.km, p.geom_m INTO hi FROM kilometre_posts p WHERE p.road_ref = ANY (refs) AND p.km >= p_km
    AND (lo.road_ref IS NULL OR p.road_ref = lo.road_ref) ORDER BY p.km LIMIT 1;
  IF lo.km IS NULL OR hi.km IS NULL THEN
    reason := 'beyond_posts';
    RETURN;
  END IF;
  IF hi.km = lo.km THEN
    geom := ST_Transform(lo.geom_m, 4326);
    RETURN;
  END IF;
  -- The road's route by its ref, else (posts of a road without one are kept by its name) by name:
  -- two lookups an index each answers, where one with OR scanned every route.
  SELECT rr.geom_m INTO route FROM road_routes rr
  WHERE rr.ref = lo.road_ref AND ST_DWithin(rr.geom_m, lo.geom_m, 100) AND ST_DWithin(rr.geom_m, hi.geom_m, 100)
  ORDER BY ST_Distance(rr.geom_m, lo.geom_m) + ST_Distance(rr.geom_m, hi.geom_m) LIMIT 1;
  IF route IS NULL THEN
    SELECT rr.geom_m INTO route FROM road_routes rr
    WHERE rr.name = lo.road_ref AND ST_DWithin(rr.geom_m, lo.geom_m, 100) AND ST_DWithin(rr.geom_m, hi.geom_m, 100)
    ORDER BY ST_Distance(rr.geom_m, lo.geom_m) + ST_Distance(rr.geom_m, hi.geom_m) LIMIT 1;
  END IF;
  f := (p_km - lo.km) / (hi.km - lo.km);
  IF route IS NULL THEN
    geom := ST_Transform(ST_LineInterpolatePoint(ST_MakeLine(lo.geom_m, hi.geom_m), f), 4326);
  ELSE
    geom := ST_Transform(ST_LineInterpolatePoint(route,
      ST_LineLocatePoint(route, lo.geom_m) + f * (ST_LineLocatePoint(route, hi.geom_m) - ST_LineLocatePoint(route, lo.geom_m))), 4326);
  END IF;
END $$;

SELECT seed_kilometre_posts() WHERE EXISTS (SELECT 1 FROM road_routes);
