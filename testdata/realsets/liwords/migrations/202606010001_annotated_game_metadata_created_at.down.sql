ALTER TABLE annotated_game_metadata DROP COLUMN IF EXISTS created_at;
