-- A migration file that hit its lock_timeout is rolled back whole and
-- tried again: each retry is an event with outcome 'retrying'.
ALTER TABLE rollout.events DROP CONSTRAINT IF EXISTS events_outcome_check;
ALTER TABLE rollout.events ADD CONSTRAINT events_outcome_check
    CHECK (outcome IN ('started', 'ok', 'failed', 'skipped', 'retrying')) NOT VALID;
-- Validating apart takes a lock that lets the audit trail be written meanwhile.
ALTER TABLE rollout.events VALIDATE CONSTRAINT events_outcome_check;
