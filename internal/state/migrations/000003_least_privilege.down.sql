DROP FUNCTION rollout.record_file(text, bigint, bigint, text, text, jsonb, boolean);
DROP TABLE rollout.sessions;
