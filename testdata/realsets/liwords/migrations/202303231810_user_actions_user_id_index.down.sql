BEGIN;

DROP INDEX IF EXISTS idx_user_actions_user_id;

COMMIT;