DROP INDEX zones_name_trgm;
