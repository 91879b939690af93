DROP TABLE rollout.events;
DROP FUNCTION rollout.events_append_only();
DROP TABLE rollout.applied_migrations;
DROP TABLE rollout.services;
DROP TABLE rollout.tenants;
DROP TABLE rollout.meta;
