ALTER TABLE pipes DROP COLUMN length_m;
