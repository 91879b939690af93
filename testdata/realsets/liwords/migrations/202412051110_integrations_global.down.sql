BEGIN;

DROP TABLE integrations_global;

COMMIT;