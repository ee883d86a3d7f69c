-- The registered market towns of the generator (data/generator/markets.ts), one row each, stored
-- as markets: the stretch is the pieces of the town's nearest one or two roads (by road: class and
-- number or name; expressways have no market) within 300 m of the town point, clipped to that
-- circle and merged (market_stretch(), migration 0019, which the markets import uses too); a
-- relocated market's new site lies `distance` m from the town point at `bearing`. Towns with no
-- road that near are left out. Returns the ids, one per stored town.
WITH town AS (
  SELECT t.*, ST_Transform(ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326), metric_srid()) AS pm
  FROM unnest($1::text[], $2::float8[], $3::float8[], $4::text[], $5::time[], $6::time[], $7::text[], $8::date[],
              $9::float8[], $10::float8[], $11::int[], $12::text[])
    WITH ORDINALITY AS t(name, lon, lat, days, hours_from, hours_to, status, status_on, bearing, distance, roads, source, k)
)
INSERT INTO markets (name, geom, calendar, days, hours_from, hours_to, status, status_on, relocated_to, source, synthetic)
SELECT t.name, s.g, 'lunar', t.days::smallint[], t.hours_from, t.hours_to, t.status, t.status_on,
       CASE WHEN t.status = 'relocated'
            THEN ST_Transform(ST_Translate(t.pm, t.distance * sin(radians(t.bearing)), t.distance * cos(radians(t.bearing))), 4326) END,
       t.source, true
FROM town t
CROSS JOIN LATERAL (SELECT market_stretch(ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326), t.roads) AS g) s
WHERE s.g IS NOT NULL AND NOT ST_IsEmpty(s.g)
ORDER BY t.k
RETURNING id, name;
