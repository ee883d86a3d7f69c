-- Markets and the ledger: a 马路市场 hazard names its market, and how it was rectified (取缔 closed,
-- 搬迁 relocated, 规范 regulated) sets the market's status when the hazard closes; the stretch a
-- market fills, built from a point as the first start builds the seeded ones; the harvest seasons
-- the 占道晒粮 statistics count by.

-- The market a roadside-market hazard is about; only that type may name one.
ALTER TABLE hazards ADD COLUMN market_id integer REFERENCES markets (id);
-- How the market was rectified, given with the re-inspection that closes the hazard (pass).
ALTER TABLE hazards ADD COLUMN market_resolution text CHECK (market_resolution IN ('closed', 'relocated', 'regulated'));
ALTER TABLE hazards ADD CONSTRAINT hazards_market_type CHECK (market_id IS NULL OR type = 'roadside_market');
ALTER TABLE hazards ADD CONSTRAINT hazards_market_resolution
  CHECK (market_resolution IS NULL OR (market_id IS NOT NULL AND resolution = 'rectified'));
CREATE INDEX hazards_market_idx ON hazards (market_id) WHERE market_id IS NOT NULL;

-- The stretch a market fills around a point (WGS84): the pieces of the `n_roads` nearest roads (by
-- road: class and number or name; expressways have no market) within `reach` m of it, clipped to
-- that circle and merged, in WGS84; null when no such road is that near. The first start's seeded
-- markets (api/seed/markets.sql) and the markets import (api/markets/import.ts) both build it here.
CREATE FUNCTION market_stretch(at_point geometry, n_roads integer DEFAULT 1, reach float8 DEFAULT 300) RETURNS geometry
  LANGUAGE sql STABLE
  AS $$
    WITH p AS (SELECT ST_Transform(at_point, metric_srid()) AS pm),
    nearest AS (
      SELECT road_route_key(r.class, r.ref, r.name, r.id) AS road,
             row_number() OVER (ORDER BY min(ST_Distance(r.geom_m, p.pm)), road_route_key(r.class, r.ref, r.name, r.id)) AS rank
      FROM p JOIN roads r ON ST_DWithin(r.geom_m, p.pm, reach) AND r.class <> 'expressway'
      GROUP BY road_route_key(r.class, r.ref, r.name, r.id)
    )
    SELECT ST_Transform(ST_LineMerge(ST_Multi(ST_Union(ST_CollectionExtract(ST_Intersection(r.geom_m, ST_Buffer(p.pm, reach)), 2)))), 4326)
    FROM p
    JOIN nearest n ON n.rank <= n_roads
    JOIN roads r ON road_route_key(r.class, r.ref, r.name, r.id) = n.road AND ST_DWithin(r.geom_m, p.pm, reach) AND r.class <> 'expressway'
  $$;
COMMENT ON FUNCTION market_stretch(geometry, integer, float8) IS
  'The stretch of road a market fills around a WGS84 point: its n nearest non-expressway roads within reach m, clipped and merged (WGS84), or null.';

-- Harvest seasons (MM-DD, inclusive, within one year) for 占道晒粮 statistics (GET /api/markets/harvest):
-- wheat in June (麦收), maize from late September through October (秋收).
INSERT INTO app_settings (key, value) VALUES ('harvest_seasons',
  '[{"id":"wheat","name":"麦收","nameEn":"wheat harvest","from":"06-01","to":"06-30"},{"id":"maize","name":"秋收","nameEn":"maize harvest","from":"09-20","to":"10-31"}]');
