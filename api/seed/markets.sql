-- The registered market towns of the generator (data/generator/markets.ts), one row each, stored
-- as markets: the stretch is the pieces of the town's nearest one or two roads (by road: class and
-- number or name; expressways have no market) within 300 m of the town point, clipped to that
-- circle and merged; a relocated market's new site lies `distance` m from the town point at
-- `bearing`. Towns with no road that near are left out. Returns the ids, one per stored town.
WITH town AS (
  SELECT t.*, ST_Transform(ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326), metric_srid()) AS pm
  FROM unnest($1::text[], $2::float8[], $3::float8[], $4::text[], $5::time[], $6::time[], $7::text[], $8::date[],
              $9::float8[], $10::float8[], $11::int[], $12::text[])
    WITH ORDINALITY AS t(name, lon, lat, days, hours_from, hours_to, status, status_on, bearing, distance, roads, source, k)
),
nearest AS (
  SELECT t.k, road_route_key(r.class, r.ref, r.name, r.id) AS road,
         row_number() OVER (PARTITION BY t.k ORDER BY min(ST_Distance(r.geom_m, t.pm)), road_route_key(r.class, r.ref, r.name, r.id)) AS rank
  FROM town t JOIN roads r ON ST_DWithin(r.geom_m, t.pm, 300) AND r.class <> 'expressway'
  GROUP BY t.k, road_route_key(r.class, r.ref, r.name, r.id)
),
stretch AS (
  SELECT t.k, ST_LineMerge(ST_Multi(ST_Union(ST_CollectionExtract(ST_Intersection(r.geom_m, ST_Buffer(t.pm, 300)), 2)))) AS g
  FROM town t
  JOIN nearest n ON n.k = t.k AND n.rank <= t.roads
  JOIN roads r ON road_route_key(r.class, r.ref, r.name, r.id) = n.road AND ST_DWithin(r.geom_m, t.pm, 300) AND r.class <> 'expressway'
  GROUP BY t.k
)
INSERT INTO markets (name, geom, calendar, days, hours_from, hours_to, status, status_on, relocated_to, source, synthetic)
SELECT t.name, ST_Transform(s.g, 4326), 'lunar', t.days::smallint[], t.hours_from, t.hours_to, t.status, t.status_on,
       CASE WHEN t.status = 'relocated'
            THEN ST_Transform(ST_Translate(t.pm, t.distance * sin(radians(t.bearing)), t.distance * cos(radians(t.bearing))), 4326) END,
       t.source, true
FROM town t JOIN stretch s ON s.k = t.k
WHERE NOT ST_IsEmpty(s.g)
ORDER BY t.k
RETURNING id, name;
