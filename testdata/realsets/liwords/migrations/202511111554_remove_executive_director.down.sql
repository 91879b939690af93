BEGIN;
-- Rollback: Re-add executive_director column to tournaments table

ALTER TABLE tournaments ADD COLUMN executive_director text;
COMMIT;