CREATE INDEX zones_name_trgm ON zones USING gist (name gist_trgm_ops);
