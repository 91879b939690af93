BEGIN;

DROP INDEX unique_patreon_user_id;

COMMIT;