ALTER TABLE zones ADD COLUMN population integer CHECK (population >= 0);
