CREATE VIEW pipes_by_zone AS
SELECT z.code, count(p.id) AS pipes, sum(p.length_m) AS length_m
FROM zones z LEFT JOIN pipes p ON p.zone_id = z.id GROUP BY z.code;
