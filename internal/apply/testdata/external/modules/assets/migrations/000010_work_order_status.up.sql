ALTER TABLE work_orders ADD COLUMN status text NOT NULL DEFAULT 'open';
