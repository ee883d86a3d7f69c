-- An import's accidents written in one statement: new 事故编号 inserted, those already stored
-- written over when $19 (the user chose 更新) and left as they are otherwise (not returned).
-- New records are projected, snapped and placed in their county and township here for the whole
-- batch (snap_point, point_area; the accidents_place trigger keeps an INSERT that brings its
-- geom_m), which is faster than the trigger's per-row queries; a record written over is placed
-- again by the trigger. A night without street lighting ('dark') is lit as its road. `inserted`
-- tells new from written over.
INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, vehicle_types, light, weather,
                       synthetic, geom, place, property_loss, manner, road_name, stake, placed_by, source, imported_at,
                       geom_m, snap_road_id, snap_route_id, snap_distance_m, snap_m, county_code, township_code)
SELECT external_id, occurred_at, severity, deaths, injuries, string_to_array(vehicles, ','),
       CASE WHEN light <> 'dark' THEN light WHEN s.lit THEN 'dark_lit' ELSE 'dark_unlit' END, weather,
       false, p.geom, place, property_loss, manner, road_name, stake, placed_by,
       jsonb_build_object('job', $16::integer, 'file', $17::text, 'row', source_row, 'by', $18::text), now(),
       p.geom_m, s.road_id, CASE WHEN s.at_m IS NOT NULL THEN s.route_id END, s.distance_m, s.at_m, ar.county_code, ar.township_code
FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[],
            $9::float8[], $10::float8[], $11::text[], $12::numeric[], $13::text[], $14::text[], $15::text[],
            $20::text[], $21::int[])
  AS t(external_id, occurred_at, severity, deaths, injuries, vehicles, light, weather, lon, lat, place,
       property_loss, manner, road_name, stake, placed_by, source_row)
-- OFFSET 0 keeps the projection a value of its own: inlined, it would be computed again at each use.
CROSS JOIN LATERAL (SELECT g AS geom, ST_Transform(g, metric_srid()) AS geom_m
                    FROM ST_SetSRID(ST_MakePoint(lon, lat), 4326) g OFFSET 0) p
LEFT JOIN LATERAL snap_point(p.geom_m) s ON true
LEFT JOIN LATERAL point_area(p.geom) ar ON true
ON CONFLICT (external_id) DO UPDATE SET
  occurred_at = EXCLUDED.occurred_at, severity = EXCLUDED.severity, deaths = EXCLUDED.deaths,
  injuries = EXCLUDED.injuries, vehicle_types = EXCLUDED.vehicle_types, light = EXCLUDED.light,
  weather = EXCLUDED.weather, synthetic = false, geom = EXCLUDED.geom, place = EXCLUDED.place,
  property_loss = EXCLUDED.property_loss, manner = EXCLUDED.manner, road_name = EXCLUDED.road_name,
  stake = EXCLUDED.stake, placed_by = EXCLUDED.placed_by, source = EXCLUDED.source, imported_at = now()
  WHERE $19::boolean
RETURNING id, external_id, (xmax = 0) AS inserted
