BEGIN;

DROP INDEX IF EXISTS idx_puzzles_rating;

COMMIT;