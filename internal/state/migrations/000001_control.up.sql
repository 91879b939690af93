-- rollout's own state in each target database. Names are always
-- schema-qualified: connections are pooled and shared.
CREATE TABLE rollout.meta (
    key    text PRIMARY KEY,
    value  text NOT NULL
);

-- Secret setting values are stored only as HMACs under this key, so a
-- change can be detected without keeping the secret.
INSERT INTO rollout.meta (key, value) VALUES ('settings_hmac_key', md5(random()::text || clock_timestamp()::text) || md5(random()::text));

CREATE TABLE rollout.tenants (
    name         text PRIMARY KEY,
    schema_name  text NOT NULL UNIQUE,
    wave         integer NOT NULL,
    owner_role   text NOT NULL,
    app_role     text NOT NULL,
    config_hash  text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rollout.services (
    tenant            text NOT NULL REFERENCES rollout.tenants (name),
    module            text NOT NULL,
    version           bigint NOT NULL DEFAULT 0,
    enabled           boolean NOT NULL DEFAULT false,
    -- Settings as JSON; a sensitive one is {"sensitive": "<hmac>"}.
    settings          jsonb NOT NULL DEFAULT '{}',
    last_check_at     timestamptz,
    last_check_ok     boolean,
    last_check_error  text,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, module)
);

-- Every migration file applied, with its checksum, for drift detection.
-- Written in the same transaction as the file itself.
CREATE TABLE rollout.applied_migrations (
    tenant      text NOT NULL,
    module      text NOT NULL,
    version     bigint NOT NULL,
    name        text NOT NULL,
    checksum    text NOT NULL,
    run_id      text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, module, version)
);

-- The audit trail: append-only.
CREATE TABLE rollout.events (
    id            bigserial PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    run_id        text NOT NULL,
    actor         text NOT NULL,
    tenant        text,
    module        text,
    action        text NOT NULL,
    from_version  bigint,
    to_version    bigint,
    outcome       text NOT NULL CHECK (outcome IN ('started', 'ok', 'failed', 'skipped')),
    error         text,
    detail        jsonb
);

CREATE INDEX events_tenant_idx ON rollout.events (tenant, id DESC);

CREATE FUNCTION rollout.events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rollout.events is append-only';
END
$$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON rollout.events
    FOR EACH STATEMENT EXECUTE FUNCTION rollout.events_append_only();
