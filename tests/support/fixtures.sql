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

-- Hand-built trends for the cluster trend (2014–2018, one 12-month period a calendar year when
-- the window ends on 2018-12-31). Three places ~1.8 km apart on 36.6° N; in each, crashes sit on
-- the positions of its 2018 crashes, 9 m apart, so every one of them lies in the 2018 cluster's
-- hull. Crashes per year, 2014…2018:
--   TR-A  1, 2, 3, 4, 5   increasing (S = 10, p ≈ 0.027: intensifying); its last 2017 crash is at
--                         23:30 on 31 December and its first 2018 crash at 00:30 on 1 January, local
--   TR-B  0, 0, 0, 0, 3   new
--   TR-C  7, 6, 5, 4, 3   decreasing (S = −10: diminishing)
-- The k-th crash of a year is at noon (local) on the 15th of month k, except TR-A's two above.
INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, vehicle_types, light, weather, synthetic, geom)
SELECT format('TR-%s-%s-%s', s.name, 2013 + y, k),
       CASE WHEN s.name = 'A' AND y = 4 AND k = 4 THEN '2017-12-31 23:30:00+08'::timestamptz
            WHEN s.name = 'A' AND y = 5 AND k = 1 THEN '2018-01-01 00:30:00+08'::timestamptz
            ELSE make_timestamptz(2013 + y, k, 15, 12, 0, 0, 'Asia/Shanghai') END,
       'pdo', 0, 0, '{car}', 'day', 'clear', false,
       ST_SetSRID(ST_MakePoint(s.lon + 0.0001 * ((k - 1) % s.counts[5]), 36.6), 4326)
FROM (VALUES ('A', 115.90, ARRAY[1, 2, 3, 4, 5]),
             ('B', 115.92, ARRAY[0, 0, 0, 0, 3]),
             ('C', 115.94, ARRAY[7, 6, 5, 4, 3])) AS s(name, lon, counts)
CROSS JOIN generate_series(1, 5) AS y
CROSS JOIN LATERAL generate_series(1, s.counts[y]) AS k;

-- Road segments (2005–2009, external_id SG-…): county road X999, 3 000 m due grid-east from
-- (115.70° E, 36.60° N), stored as two pieces (0–1 500 m and 1 500–3 000 m) that the route
-- merge must join. Accidents sit on it at known metres from its west end (or off it, 'off' m
-- north). With the default rules and a window ending 2009-12-31:
--   A  fatal at 1350, 1450, 1550 (2009): one 500 m window holds all three, across the pieces
--   C  injury at 1800…2300 every 100 m (2009): two overlapping windows of 5 merge into one
--   B  pdo at 2550…2950 every 100 m (2008): five in three years
--   O  fatal at 300, 350, 400 (2005): too old to count with a window ending 2009
--   N  pdo 20 m off the road at 1000 (2005) snaps to it; F pdo 80 m off at 600 (2005) does not
INSERT INTO roads (id, class, name, ref, design_speed, lit, urban, county_code, synthetic, geom)
SELECT id, 'county', 'X999测试线', 'X999', 60, false, false, NULL, true,
       ST_Transform(ST_MakeLine(ST_Translate(o.p, a, 0), ST_Translate(o.p, b, 0)), 4326)
FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(115.70, 36.60), 4326), metric_srid()) AS p) o,
     (VALUES (900001, 0, 1500), (900002, 1500, 3000)) AS piece(id, a, b);
SELECT rebuild_road_routes();

INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, vehicle_types, light, weather, synthetic, geom)
SELECT x.id, x.at::timestamptz, x.severity, CASE WHEN x.severity = 'fatal' THEN 1 ELSE 0 END,
       CASE WHEN x.severity = 'injury' THEN 1 ELSE 0 END, '{car,truck}', x.light, 'clear', false,
       ST_Transform(ST_Translate(o.p, x.m, x.off), 4326)
FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(115.70, 36.60), 4326), metric_srid()) AS p) o,
     (VALUES
       ('SG-A1', 1350, 0, 'fatal',  '2009-02-02 08:00:00+08', 'day'),         -- Monday
       ('SG-A2', 1450, 0, 'fatal',  '2009-05-06 20:00:00+08', 'dark_unlit'),  -- Wednesday
       ('SG-A3', 1550, 0, 'fatal',  '2009-09-06 20:30:00+08', 'dark_unlit'),  -- Sunday
       ('SG-C1', 1800, 0, 'injury', '2009-03-01 10:00:00+08', 'day'),
       ('SG-C2', 1900, 0, 'injury', '2009-03-02 10:00:00+08', 'day'),
       ('SG-C3', 2000, 0, 'injury', '2009-03-03 10:00:00+08', 'day'),
       ('SG-C4', 2100, 0, 'injury', '2009-03-04 10:00:00+08', 'day'),
       ('SG-C5', 2200, 0, 'injury', '2009-03-05 10:00:00+08', 'day'),
       ('SG-C6', 2300, 0, 'injury', '2009-03-06 10:00:00+08', 'day'),
       ('SG-B1', 2550, 0, 'pdo',    '2008-04-01 09:00:00+08', 'day'),
       ('SG-B2', 2650, 0, 'pdo',    '2008-04-02 09:00:00+08', 'day'),
       ('SG-B3', 2750, 0, 'pdo',    '2008-04-03 09:00:00+08', 'day'),
       ('SG-B4', 2850, 0, 'pdo',    '2008-04-04 09:00:00+08', 'day'),
       ('SG-B5', 2950, 0, 'pdo',    '2008-04-05 09:00:00+08', 'day'),
       ('SG-O1', 300,  0, 'fatal',  '2005-06-01 09:00:00+08', 'day'),
       ('SG-O2', 350,  0, 'fatal',  '2005-06-02 09:00:00+08', 'day'),
       ('SG-O3', 400,  0, 'fatal',  '2005-06-03 09:00:00+08', 'day'),
       ('SG-N',  1000, 20, 'pdo',   '2005-07-01 09:00:00+08', 'day'),
       ('SG-F',  600,  80, 'pdo',   '2005-07-02 09:00:00+08', 'day')
     ) AS x(id, m, off, severity, at, light);

-- Hexagon hot spots (Getis-Ord Gi*), all in 2013, external_id GI-…: for 1 000 m cells in the
-- box 116.05,36.365,116.15,36.435 (38 cells, in 东昌府区 east of the city centre), points
-- 120–320 m from the centres of known cells (i, j of ST_HexagonGrid in EPSG:4498):
--   C   8 crashes (3 fatal, 2 injury, 3 pdo; C-4 at night, 23:30 on 31 December, C-7 at night)
--       in cell (13613, 2326), the hot spot's centre
--   R1…R6  3 each (1 injury, 2 pdo) in its six neighbours (1 732 m centre to centre)
--   S1…S4  1 pdo each in cells 4.6 km away; S4 lies just east of the box, in a cell that reaches
--       into it (a cell counts all its crashes)
INSERT INTO accidents (external_id, occurred_at, severity, deaths, injuries, vehicle_types, light, weather, synthetic, geom) VALUES
  ('GI-C-1', '2013-09-08 05:00:00+08', 'fatal', 1, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.103448, 36.394983), 4326)),
  ('GI-C-2', '2013-02-15 10:00:00+08', 'fatal', 1, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.102131, 36.395281), 4326)),
  ('GI-C-3', '2013-07-22 15:00:00+08', 'fatal', 1, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.100776, 36.394627), 4326)),
  ('GI-C-4', '2013-12-31 23:30:00+08', 'injury', 0, 1, '{car}', 'dark_lit', 'clear', false, ST_SetSRID(ST_MakePoint(116.100372, 36.393218), 4326)),
  ('GI-C-5', '2013-05-08 01:00:00+08', 'injury', 0, 1, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.101456, 36.391860), 4326)),
  ('GI-C-6', '2013-10-15 06:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.103624, 36.391504), 4326)),
  ('GI-C-7', '2013-03-22 11:00:00+08', 'pdo', 0, 0, '{car}', 'dark_unlit', 'clear', false, ST_SetSRID(ST_MakePoint(116.105630, 36.392603), 4326)),
  ('GI-C-8', '2013-08-01 16:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.106105, 36.394699), 4326)),
  ('GI-R1-1', '2013-12-08 05:00:00+08', 'injury', 0, 1, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.084885, 36.386770), 4326)),
  ('GI-R1-2', '2013-05-15 10:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.085679, 36.384395), 4326)),
  ('GI-R1-3', '2013-10-22 15:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.088151, 36.386427), 4326)),
  ('GI-R2-1', '2013-12-08 05:00:00+08', 'injury', 0, 1, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.084703, 36.402377), 4326)),
  ('GI-R2-2', '2013-05-15 10:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.085496, 36.400002), 4326)),
  ('GI-R2-3', '2013-10-22 15:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.087969, 36.402034), 4326)),
  ('GI-R3-1', '2013-12-08 05:00:00+08', 'injury', 0, 1, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.101332, 36.410308), 4326)),
  ('GI-R3-2', '2013-05-15 10:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.102125, 36.407932), 4326)),
  ('GI-R3-3', '2013-10-22 15:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.104599, 36.409963), 4326)),
  ('GI-R4-1', '2013-12-08 05:00:00+08', 'injury', 0, 1, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.118142, 36.402629), 4326)),
  ('GI-R4-2', '2013-05-15 10:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.118934, 36.400253), 4326)),
  ('GI-R4-3', '2013-10-22 15:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.121408, 36.402284), 4326)),
  ('GI-R5-1', '2013-12-08 05:00:00+08', 'injury', 0, 1, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.118318, 36.387022), 4326)),
  ('GI-R5-2', '2013-05-15 10:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.119110, 36.384646), 4326)),
  ('GI-R5-3', '2013-10-22 15:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.121584, 36.386677), 4326)),
  ('GI-R6-1', '2013-12-08 05:00:00+08', 'injury', 0, 1, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.101692, 36.379094), 4326)),
  ('GI-R6-2', '2013-05-15 10:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.102484, 36.376718), 4326)),
  ('GI-R6-3', '2013-10-22 15:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.104957, 36.378750), 4326)),
  ('GI-S1-1', '2013-12-08 05:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.054188, 36.386029), 4326)),
  ('GI-S2-1', '2013-12-08 05:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.070440, 36.425177), 4326)),
  ('GI-S3-1', '2013-12-08 05:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.137338, 36.425680), 4326)),
  ('GI-S4-1', '2013-12-08 05:00:00+08', 'pdo', 0, 0, '{car}', 'day', 'clear', false, ST_SetSRID(ST_MakePoint(116.154486, 36.386782), 4326));
