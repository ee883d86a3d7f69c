-- Hand-checkable accidents, all in 2010, before the generated history starts (2021-11),
-- so a 2010 time window sees exactly these. Times are local (+08).
INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, vehicle_types, light, weather, synthetic, geom) VALUES
  ('FX-1', '2010-03-01 08:00:00+08', 'fatal',  1, 0, '{car,ebike}',      'day',        'clear',  false, ST_SetSRID(ST_MakePoint(115.9800, 36.4500), 4326)),
  ('FX-2', '2010-03-01 23:30:00+08', 'injury', 0, 2, '{car,pedestrian}', 'dark_lit',   'rain',   false, ST_SetSRID(ST_MakePoint(115.9810, 36.4505), 4326)),
  ('FX-3', '2010-03-02 00:30:00+08', 'pdo',    0, 0, '{truck,car}',      'dark_unlit', 'fog',    false, ST_SetSRID(ST_MakePoint(115.9820, 36.4510), 4326)),
  ('FX-4', '2010-12-31 23:59:59+08', 'fatal',  2, 1, '{tricycle}',       'dark_unlit', 'clear',  false, ST_SetSRID(ST_MakePoint(115.5000, 36.2000), 4326)),
  ('FX-5', '2010-06-15 12:00:00+08', 'injury', 0, 1, '{motorcycle}',     'day',        'cloudy', false, ST_SetSRID(ST_MakePoint(116.2500, 36.8000), 4326));

-- A hand-checkable hotspot in 2012 (lon step 0.0001° ≈ 9 m at 36.3° N): six crashes on a 45 m
-- line, one crash ~900 m away (noise), and two the year before inside the same place (同比).
INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, vehicle_types, light, weather, synthetic, geom) VALUES
  ('HS-1', '2012-02-01 09:00:00+08', 'fatal',  1, 0, '{truck,ebike}',    'day',        'clear',  false, ST_SetSRID(ST_MakePoint(116.30000, 36.30000), 4326)),
  ('HS-2', '2012-03-05 19:30:00+08', 'injury', 0, 1, '{car,ebike}',      'dark_unlit', 'clear',  false, ST_SetSRID(ST_MakePoint(116.30010, 36.30000), 4326)),
  ('HS-3', '2012-04-10 08:15:00+08', 'injury', 0, 2, '{car,tricycle}',   'day',        'rain',   false, ST_SetSRID(ST_MakePoint(116.30020, 36.30000), 4326)),
  ('HS-4', '2012-06-20 21:00:00+08', 'pdo',    0, 0, '{car,car}',        'dark_unlit', 'clear',  false, ST_SetSRID(ST_MakePoint(116.30030, 36.30000), 4326)),
  ('HS-5', '2012-09-09 12:00:00+08', 'pdo',    0, 0, '{car,ebike}',      'day',        'cloudy', false, ST_SetSRID(ST_MakePoint(116.30040, 36.30000), 4326)),
  ('HS-6', '2012-11-30 17:00:00+08', 'pdo',    0, 0, '{truck,car}',      'day',        'clear',  false, ST_SetSRID(ST_MakePoint(116.30050, 36.30000), 4326)),
  ('HS-N', '2012-05-05 10:00:00+08', 'pdo',    0, 0, '{car}',            'day',        'clear',  false, ST_SetSRID(ST_MakePoint(116.31000, 36.30000), 4326)),
  ('HS-P1', '2011-03-01 10:00:00+08', 'injury', 0, 1, '{car}',           'day',        'clear',  false, ST_SetSRID(ST_MakePoint(116.30015, 36.30000), 4326)),
  ('HS-P2', '2011-08-01 10:00:00+08', 'pdo',    0, 0, '{car}',           'day',        'clear',  false, ST_SetSRID(ST_MakePoint(116.30035, 36.30000), 4326));
