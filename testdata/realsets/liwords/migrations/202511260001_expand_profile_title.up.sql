ALTER TABLE profiles ALTER COLUMN title TYPE character varying(16);
