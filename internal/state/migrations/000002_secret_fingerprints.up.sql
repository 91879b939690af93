-- Secrets were stored as HMACs under a key kept in rollout.meta, so anyone
-- with a dump could test guesses of a short secret at millions a second.
-- They are now Argon2id fingerprints (see internal/fingerprint) under this
-- salt, which only defeats tables computed in advance and need not be
-- secret. The old key goes, and so do the digests made with it: the next
-- apply records the secrets again.
INSERT INTO rollout.meta (key, value)
VALUES ('secret_fingerprint_salt', md5(gen_random_uuid()::text || clock_timestamp()::text));

DELETE FROM rollout.meta WHERE key = 'settings_hmac_key';

UPDATE rollout.services s
SET settings = (
    SELECT jsonb_object_agg(key, CASE
        WHEN jsonb_typeof(value) = 'object' AND value ? 'sensitive' THEN '{"sensitive": "forgotten"}'::jsonb
        ELSE value END)
    FROM jsonb_each(s.settings))
WHERE EXISTS (SELECT 1 FROM jsonb_each(s.settings) e WHERE jsonb_typeof(e.value) = 'object' AND e.value ? 'sensitive');

-- config_hash was computed over the old digests: a hash of a keyed digest
-- whose key is now gone, so it no longer helps guessing; it is kept.
