DROP VIEW pipes_by_zone;
