BEGIN;
-- Remove executive_director column from tournaments table
-- This field was replaced by the directors field which allows multiple directors

ALTER TABLE tournaments DROP COLUMN executive_director;
COMMIT;