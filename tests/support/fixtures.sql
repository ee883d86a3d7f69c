-- Hand-checkable accidents, all in 2010, before the generated history starts (2021-11),
-- so a 2010 time window sees exactly these. Times are local (+08).
INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, vehicle_types, light, weather, synthetic, geom) VALUES
  ('FX-1', '2010-03-01 08:00:00+08', 'fatal',  1, 0, '{car,ebike}',      'day',        'clear',  false, ST_SetSRID(ST_MakePoint(115.9800, 36.4500), 4326)),
  ('FX-2', '2010-03-01 23:30:00+08', 'injury', 0, 2, '{car,pedestrian}', 'dark_lit',   'rain',   false, ST_SetSRID(ST_MakePoint(115.9810, 36.4505), 4326)),
  ('FX-3', '2010-03-02 00:30:00+08', 'pdo',    0, 0, '{truck,car}',      'dark_unlit', 'fog',    false, ST_SetSRID(ST_MakePoint(115.9820, 36.4510), 4326)),
  ('FX-4', '2010-12-31 23:59:59+08', 'fatal',  2, 1, '{tricycle}',       'dark_unlit', 'clear',  false, ST_SetSRID(ST_MakePoint(115.5000, 36.2000), 4326)),
  ('FX-5', '2010-06-15 12:00:00+08', 'injury', 0, 1, '{motorcycle}',     'day',        'cloudy', false, ST_SetSRID(ST_MakePoint(116.2500, 36.8000), 4326));
