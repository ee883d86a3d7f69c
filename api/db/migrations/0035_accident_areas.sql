-- Each accident keeps the county and township it lies in, set when it is written, so the leaders'
-- numbers (api/dashboard/) group by code instead of testing every accident against the polygons
-- at each read (5 s for the city at 200 000 accidents; docs/BENCHMARKS.md, dashboard).
--
-- No foreign keys: an import writes 200 000 rows in 30 s and jurisdictions are never deleted.
-- A township boundary import places them again (api/jurisdictions/boundary-import.ts).

-- Townships are looked up on their own index: a point's township gives its county.
CREATE INDEX jurisdictions_township_geom_idx ON jurisdictions USING gist (geom) WHERE level = 'township';

-- The county and township at point p (EPSG:4326): the township of lowest code that holds it (on a
-- border shared by two) and its county; a point no township holds takes the county of lowest code
-- that does, and no township. Townships are cut to their county and their codes begin with the
-- county's, so this is the county of lowest code, then its township of lowest code, in one lookup.
CREATE FUNCTION point_area(p geometry)
  RETURNS TABLE (county_code text, township_code text)
  LANGUAGE sql STABLE
  AS $$
  SELECT coalesce(t.parent_code, (SELECT c.code FROM jurisdictions c
                                  WHERE c.level = 'county' AND ST_Intersects(c.geom, p) ORDER BY c.code LIMIT 1)),
         t.code
  FROM (SELECT min(j.code) AS code FROM jurisdictions j WHERE j.level = 'township' AND ST_Intersects(j.geom, p)) m
  LEFT JOIN jurisdictions t ON t.code = m.code
$$;
COMMENT ON FUNCTION point_area(geometry) IS 'The county and township holding point p (lowest code on a shared border).';

ALTER TABLE accidents ADD COLUMN county_code text, ADD COLUMN township_code text;
UPDATE accidents a SET county_code = p.county_code, township_code = p.township_code
FROM accidents x CROSS JOIN LATERAL point_area(x.geom) p
WHERE a.id = x.id;

-- The placing trigger (0032) places the area too. An INSERT that brings its own geom_m (an
-- import's batch) brings its area as well; one that brings geom_m alone is given its area here.
CREATE OR REPLACE FUNCTION place_accident() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  s record;
BEGIN
  IF TG_OP = 'INSERT' AND NEW.geom_m IS NOT NULL THEN
    IF NEW.county_code IS NULL THEN
      SELECT p.county_code, p.township_code INTO NEW.county_code, NEW.township_code FROM point_area(NEW.geom) p;
    END IF;
    RETURN NEW;
  END IF;
  NEW.geom_m := ST_Transform(NEW.geom, metric_srid());
  SELECT * INTO s FROM snap_point(NEW.geom_m);
  NEW.snap_road_id := s.road_id;
  NEW.snap_route_id := CASE WHEN s.at_m IS NOT NULL THEN s.route_id END;
  NEW.snap_distance_m := s.distance_m;
  NEW.snap_m := s.at_m;
  SELECT p.county_code, p.township_code INTO NEW.county_code, NEW.township_code FROM point_area(NEW.geom) p;
  -- A night whose record says nothing of street lighting is lit as its road (0031).
  IF NEW.light = 'dark' THEN
    NEW.light := CASE WHEN s.lit THEN 'dark_lit' ELSE 'dark_unlit' END;
  END IF;
  RETURN NEW;
END $$;

-- The time index (0007) carries the area, so a period's counts by county or township are read
-- from the index alone.
DROP INDEX accidents_time_cover_idx;
CREATE INDEX accidents_time_cover_idx ON accidents (occurred_at)
  INCLUDE (snap_route_id, snap_m, severity, deaths, injuries, light, id, county_code, township_code);
