-- A registration sent from a phone's outbox (待发送) carries the id the phone gave it: sent again
-- after an answer lost on a weak signal, it finds the hazard the first send saved instead of
-- saving it twice. Unique per reporter; null for everything typed at a desk or imported.
ALTER TABLE hazards ADD COLUMN client_ref uuid;
CREATE UNIQUE INDEX hazards_client_ref_idx ON hazards (reporter_id, client_ref) WHERE client_ref IS NOT NULL;
