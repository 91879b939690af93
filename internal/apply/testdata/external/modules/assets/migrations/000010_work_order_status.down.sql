ALTER TABLE work_orders DROP COLUMN status;
