-- Replaces the doomed roads ({doomed}) by the imported pieces ({pieces}). Records that named a
-- removed road by id let go of it first (accidents keep their snap; gates are put on a road again
-- afterwards). The INSERT takes the job id (or null), the file name and the username.
UPDATE accidents SET road_id = NULL WHERE road_id IN (SELECT id FROM {doomed});
UPDATE school_gates SET road_id = NULL WHERE road_id IN (SELECT id FROM {doomed});
DELETE FROM roads WHERE id IN (SELECT id FROM {doomed});
INSERT INTO roads (id, class, name, ref, design_speed, lit, urban, county_code, synthetic, source_key, source, imported_at, geom)
SELECT (SELECT coalesce(max(id), 0) FROM roads) + row_number() OVER (ORDER BY p.seq, p.part),
       p.class, p.name, p.ref, p.speed, p.lit, p.class IN ('urban_arterial', 'urban_street'), p.county_code, false,
       CASE WHEN p.part > 1 THEN p.key || '~' || p.part ELSE p.key END,
       jsonb_build_object('job', $1::integer, 'file', $2::text, 'by', $3::text), now(), p.geom
FROM {pieces} p;
