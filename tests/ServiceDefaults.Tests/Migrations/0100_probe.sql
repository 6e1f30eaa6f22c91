-- One row per execution of the probe consumer's work (deliberately not unique: it counts runs).
CREATE TABLE probe_runs (message_id uuid NOT NULL, probe_id uuid NOT NULL);
