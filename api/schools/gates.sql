-- A school's gates: each with its road (class, design speed by road_speeds()) and the nearest
-- intersection along that road. The gate and the intersections lying on the road's route (within
-- $3 m: intersections are merged within 3 m) are located on the route with ST_LineLocatePoint;
-- the distance is the difference of the two, in metres along the route (the shorter way round a
-- closed ring road). GA/T 1215-2014 wants more than $2 m.
-- $1 school id, $2 the standard's minimum m, $3 on-route tolerance m.
SELECT coalesce(json_agg(json_build_object(
         'id', g.id, 'name', g.name,
         'lon', round(ST_X(g.geom)::numeric, 7), 'lat', round(ST_Y(g.geom)::numeric, 7),
         'road', CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object(
           'id', r.id, 'name', r.name, 'ref', r.ref, 'class', r.class,
           'designSpeed', sp.speed, 'designSpeedFrom', CASE WHEN sp.own THEN 'road' ELSE 'class' END) END,
         'nearestIntersection', CASE WHEN ni.id IS NULL THEN NULL ELSE json_build_object(
           'id', ni.id, 'kind', ni.kind, 'distance', round(ni.along::numeric, 1),
           'lon', round(ST_X(ni.geom)::numeric, 7), 'lat', round(ST_Y(ni.geom)::numeric, 7)) END,
         'intersectionFarEnough', CASE WHEN ni.id IS NULL THEN NULL ELSE ni.along > $2 END
       ) ORDER BY g.id), '[]') AS gates
FROM school_gates g
LEFT JOIN roads r ON r.id = g.road_id
LEFT JOIN road_speeds() sp ON sp.road_id = r.id
LEFT JOIN road_routes rr ON rr.id = r.route_id
LEFT JOIN LATERAL (
  SELECT i.id, i.kind, i.geom, CASE WHEN ST_IsClosed(rr.geom_m) THEN least(x.d, rr.length_m - x.d) ELSE x.d END AS along
  FROM intersections i
  CROSS JOIN LATERAL (SELECT abs(ST_LineLocatePoint(rr.geom_m, i.geom_m) - ST_LineLocatePoint(rr.geom_m, g.geom_m)) * rr.length_m AS d) x
  WHERE ST_DWithin(i.geom_m, rr.geom_m, $3)
  ORDER BY along, i.id LIMIT 1
) ni ON true
WHERE g.school_id = $1
