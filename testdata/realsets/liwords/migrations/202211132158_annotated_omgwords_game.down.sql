BEGIN;

DROP TABLE IF EXISTS annotated_game_metadata;
DROP INDEX IF EXISTS idx_anno_game_creator;

COMMIT;