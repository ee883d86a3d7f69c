-- Ledgers as brigades keep them (api/hazards/import.ts): the brigade's own number of a hazard
-- (原编号, 隐患编号), unique within its brigade; imported history events carry their own dates.
ALTER TABLE hazards ADD COLUMN external_no text CHECK (length(external_no) BETWEEN 1 AND 60);
CREATE UNIQUE INDEX hazards_external_no_idx ON hazards (county_code, external_no) WHERE external_no IS NOT NULL;
