BEGIN;

DROP TABLE IF EXISTS tournament_directors;
DROP TYPE IF EXISTS tournament_director_role;

COMMIT;
