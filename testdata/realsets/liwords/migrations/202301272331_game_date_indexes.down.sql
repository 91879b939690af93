BEGIN;

DROP INDEX IF EXISTS idx_game_creation_date;

COMMIT;