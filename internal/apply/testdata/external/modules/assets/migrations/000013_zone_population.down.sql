ALTER TABLE zones DROP COLUMN population;
