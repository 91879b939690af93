ALTER TABLE games ADD COLUMN IF NOT EXISTS last_known_racks text[];
