-- A road's design speed as the analyses use it: its own where it has one, else its class's default
-- (design_speed_defaults; 40 km/h should a class ever lose its row). `own` false: the default.
-- A function, not a view: its tables are looked up when it runs (a view would stay bound to the
-- ones it was created on), and the planner inlines it like a view.
CREATE FUNCTION road_speeds() RETURNS TABLE (road_id integer, speed integer, own boolean)
LANGUAGE sql STABLE AS $$
  SELECT r.id, coalesce(r.design_speed, d.speed, 40), r.design_speed IS NOT NULL
  FROM roads r
  LEFT JOIN design_speed_defaults d ON d.class = r.class
$$;
