-- The parts the leaders' numbers are counted in (api/dashboard/): the counties of the city, the
-- townships of a county, or a township itself (geom null for one without an area yet). One
-- definition for the dashboard's counts, its monthly series, its hotspots and the briefing's map.
CREATE FUNCTION area_parts(area_code text)
  RETURNS TABLE (code text, geom geometry)
  LANGUAGE sql STABLE
  AS $$
  SELECT j.code, j.geom
  FROM jurisdictions j, jurisdictions a
  WHERE a.code = area_code
    AND ((a.level = 'township' AND j.code = a.code)
      OR (a.level <> 'township' AND j.parent_code = a.code
          AND j.level = CASE a.level WHEN 'city' THEN 'county' ELSE 'township' END))
$$;
