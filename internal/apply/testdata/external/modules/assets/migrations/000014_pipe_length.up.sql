ALTER TABLE pipes ADD COLUMN length_m numeric(10, 2);
