-- Removing roads (a network import, the demo's removal) lets go of the accidents that name them:
-- without this index each removed road scanned every accident (31 s for 10 780 roads at 20 000
-- accidents; 0.14 s with it).
CREATE INDEX accidents_road_id_idx ON accidents (road_id) WHERE road_id IS NOT NULL;
