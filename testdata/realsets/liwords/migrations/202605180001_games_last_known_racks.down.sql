ALTER TABLE games DROP COLUMN last_known_racks;
