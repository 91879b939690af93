START TRANSACTION;
CREATE TABLE api_tokens (
    token_hash text PRIMARY KEY,
    operator_id uuid NOT NULL REFERENCES operators (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION new_api_token(op uuid) RETURNS text LANGUAGE sql AS $$
    INSERT INTO api_tokens (token_hash, operator_id)
    VALUES (encode(digest(gen_random_bytes(32), 'sha256'), 'hex'), op)
    RETURNING token_hash;
$$;
COMMIT;
