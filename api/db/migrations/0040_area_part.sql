-- The part of area `area_code` (its level `area_level`) that a row placed in (county, township)
-- counts in, for the leaders' numbers and the map's area (api/dashboard/, api/accidents/in-area.sql):
-- the city's counties, a county's townships, a township itself; '' for a row in the area but in
-- none of its parts (a gap in imported boundaries: a county's crash that no township holds, so
-- point_area() left its township null), counted in the whole and shown as its own row; NULL for a
-- row outside the area. Before this a county's whole was the sum of its townships, and such a crash
-- was missing from it while the city's view counted it under the county.
CREATE FUNCTION area_part(area_level text, area_code text, county text, township text)
  RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
  SELECT CASE area_level
    WHEN 'city' THEN coalesce(county, '')
    WHEN 'county' THEN CASE WHEN county = area_code THEN coalesce(township, '') END
    ELSE CASE WHEN township = area_code THEN township END
  END
$$;
