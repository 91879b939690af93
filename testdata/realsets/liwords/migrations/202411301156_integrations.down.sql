BEGIN;

DROP TABLE integrations;

COMMIT;