BEGIN;

DROP INDEX IF EXISTS idx_puzzles_lexicon;

COMMIT;