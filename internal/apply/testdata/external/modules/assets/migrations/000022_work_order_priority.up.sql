BEGIN;
ALTER TABLE work_orders ADD COLUMN priority smallint NOT NULL DEFAULT 3;
UPDATE work_orders SET priority = 1 WHERE summary ILIKE '%burst%';
COMMIT;
