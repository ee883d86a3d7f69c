-- An import's accidents written in one statement: new 事故编号 inserted, those already stored
-- written over when $19 (the user chose 更新) and left as they are otherwise (not returned).
-- Snapping to the road is the accidents_snap trigger's; `inserted` tells new from written over.
INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, vehicle_types, light, weather,
                       synthetic, geom, place, property_loss, manner, road_name, stake, placed_by, source, imported_at)
SELECT external_id, occurred_at, severity, deaths, injuries, string_to_array(vehicles, ','), light, weather,
       false, ST_SetSRID(ST_MakePoint(lon, lat), 4326), place, property_loss, manner, road_name, stake, placed_by,
       jsonb_build_object('job', $16::integer, 'file', $17::text, 'row', source_row, 'by', $18::text), now()
FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[],
            $9::float8[], $10::float8[], $11::text[], $12::numeric[], $13::text[], $14::text[], $15::text[],
            $20::text[], $21::int[])
  AS t(external_id, occurred_at, severity, deaths, injuries, vehicles, light, weather, lon, lat, place,
       property_loss, manner, road_name, stake, placed_by, source_row)
ON CONFLICT (external_id) DO UPDATE SET
  occurred_at = EXCLUDED.occurred_at, severity = EXCLUDED.severity, deaths = EXCLUDED.deaths,
  injuries = EXCLUDED.injuries, vehicle_types = EXCLUDED.vehicle_types, light = EXCLUDED.light,
  weather = EXCLUDED.weather, synthetic = false, geom = EXCLUDED.geom, place = EXCLUDED.place,
  property_loss = EXCLUDED.property_loss, manner = EXCLUDED.manner, road_name = EXCLUDED.road_name,
  stake = EXCLUDED.stake, placed_by = EXCLUDED.placed_by, source = EXCLUDED.source, imported_at = now()
  WHERE $19::boolean
RETURNING id, external_id, (xmax = 0) AS inserted
