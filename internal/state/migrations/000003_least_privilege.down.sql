DROP FUNCTION IF EXISTS rollout.record_file(text, bigint, bigint, text, text, jsonb, boolean);
DROP TABLE IF EXISTS rollout.sessions;
