-- Going back cannot restore the old digests: a new key makes every secret
-- show as changed once, and the next apply records it again.
DELETE FROM rollout.meta WHERE key = 'secret_fingerprint_salt';
INSERT INTO rollout.meta (key, value)
VALUES ('settings_hmac_key', md5(gen_random_uuid()::text || clock_timestamp()::text) || md5(gen_random_uuid()::text));
