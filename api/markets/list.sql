-- Markets as a GeoJSON FeatureCollection (as text, sent untouched), by id. $1 the day `meetsToday` and `nextDay` are
-- counted from (local date); filters, each null for all: $2 county, $3 township, $4 statuses,
-- $5 one market's id. `roads`: the roads running along the stretch (at least 20 m of the road
-- within 5 m of it; a road that only crosses it has about 10 m there). `nextDay`: the first day
-- from $1 on (within a year) on which it meets here: never once it closed or moved away.
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
  'type', 'Feature', 'id', m.id,
  'geometry', ST_AsGeoJSON(m.geom, 7)::json,
  'properties', json_build_object(
    'id', m.id, 'name', m.name,
    'countyCode', m.county_code, 'townshipCode', m.township_code,
    'county', json_build_object('code', c.code, 'name', c.name, 'nameEn', c.name_en),
    'township', CASE WHEN t.code IS NULL THEN NULL ELSE json_build_object('code', t.code, 'name', t.name, 'nameEn', t.name_en) END,
    'roads', r.roads, 'trunk', r.trunk,
    'calendar', m.calendar, 'days', m.days,
    'hours', json_build_object('from', to_char(m.hours_from, 'HH24:MI'), 'to', to_char(m.hours_to, 'HH24:MI')),
    'status', m.status, 'statusOn', m.status_on,
    'relocatedTo', CASE WHEN m.relocated_to IS NULL THEN NULL
                        ELSE json_build_array(round(ST_X(m.relocated_to)::numeric, 7), round(ST_Y(m.relocated_to)::numeric, 7)) END,
    'source', m.source, 'synthetic', m.synthetic, 'version', m.version,
    'meetsToday', coalesce(market_meets(m.calendar, m.days, today.day, today.lunar_day, today.weekday)
                           AND market_meets_here(m.status, m.status_on, today.day), false),
    'nextDay', (SELECT min(d.day) FROM calendar_days d
                WHERE d.day BETWEEN $1::date AND $1::date + 366
                  AND market_meets(m.calendar, m.days, d.day, d.lunar_day, d.weekday)
                  AND market_meets_here(m.status, m.status_on, d.day))
  )) ORDER BY m.id), '[]'))::text AS fc
FROM markets m
JOIN jurisdictions c ON c.code = m.county_code
LEFT JOIN jurisdictions t ON t.code = m.township_code
LEFT JOIN calendar_days today ON today.day = $1::date
CROSS JOIN LATERAL (
  SELECT coalesce(json_agg(json_build_object('name', x.name, 'class', x.class) ORDER BY road_class_rank(x.class), x.name), '[]') AS roads,
         coalesce(bool_or(x.class IN ('national', 'provincial')), false) AS trunk
  FROM (SELECT DISTINCT coalesce(rd.name, rd.ref) AS name, rd.class
        FROM roads rd
        WHERE ST_DWithin(rd.geom_m, m.geom_m, 5)
          AND ST_Length(ST_Intersection(rd.geom_m, ST_Buffer(m.geom_m, 5))) >= 20) x
) r
WHERE ($2::text IS NULL OR m.county_code = $2)
  AND ($3::text IS NULL OR m.township_code = $3)
  AND ($4::text[] IS NULL OR m.status = ANY ($4))
  AND ($5::int IS NULL OR m.id = $5);
