-- 申请延期: the deadline a unit asked for, while the brigade has not answered (granted, the
-- deadline moves to it; refused, it stays). The request and the answer are events of the hazard;
-- this column only says that one waits. Only an assigned hazard's deadline can be moved.
ALTER TABLE hazards ADD COLUMN extension_to date;
ALTER TABLE hazards ADD CONSTRAINT hazards_extension_open CHECK (extension_to IS NULL OR status IN ('assigned', 'rectifying'));
