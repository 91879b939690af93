DELETE FROM rollout.events WHERE outcome = 'cancelled';
ALTER TABLE rollout.events DROP CONSTRAINT IF EXISTS events_outcome_check;
ALTER TABLE rollout.events ADD CONSTRAINT events_outcome_check
    CHECK (outcome IN ('started', 'ok', 'failed', 'skipped', 'retrying'));
