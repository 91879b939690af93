-- Least privilege: tenant work runs on sessions whose session user is the
-- tenant's owner role. Those sessions have no right on the control schema
-- but one: to record, through rollout.record_file, a migration file in the
-- same transaction as the file itself, for their own tenant only.
-- Idempotent: a database whose schema_migrations was set back re-runs it.
REVOKE ALL ON SCHEMA rollout FROM PUBLIC;

-- The tenant sessions rollout opened: the backend pid, the owner role it
-- logged in as, and the tenant, run and actor it works for. Written by the
-- connecting (admin) role only; record_file trusts nothing else.
CREATE TABLE IF NOT EXISTS rollout.sessions (
    pid        integer PRIMARY KEY,
    role       text NOT NULL,
    tenant     text NOT NULL,
    run_id     text NOT NULL,
    actor      text NOT NULL,
    opened_at  timestamptz NOT NULL DEFAULT now()
);

-- record_file commits with a migration file: its checksum record, the
-- service's version and its audit event. It runs as its owner (the admin
-- role) with a fixed search_path; the tenant, run and actor come from
-- rollout.sessions for the calling session, never from the caller, so a
-- file can at most add records about its own tenant, never change or
-- remove any.
CREATE OR REPLACE FUNCTION rollout.record_file(p_module text, p_from bigint, p_to bigint, p_name text, p_checksum text,
    p_detail jsonb, p_out_of_order boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s rollout.sessions%ROWTYPE;
BEGIN
    SELECT * INTO s FROM rollout.sessions WHERE pid = pg_backend_pid() AND role = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'rollout.record_file: this session was not opened by rollout for a tenant'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_to > p_from OR p_out_of_order THEN
        INSERT INTO rollout.applied_migrations (tenant, module, version, name, checksum, run_id)
        VALUES (s.tenant, p_module, p_to, p_name, p_checksum, s.run_id)
        ON CONFLICT (tenant, module, version) DO UPDATE SET name = EXCLUDED.name, checksum = EXCLUDED.checksum,
            run_id = EXCLUDED.run_id, applied_at = now();
    ELSE
        DELETE FROM rollout.applied_migrations WHERE tenant = s.tenant AND module = p_module AND version > greatest(p_to, 0);
    END IF;
    IF NOT p_out_of_order THEN
        INSERT INTO rollout.services (tenant, module, version) VALUES (s.tenant, p_module, greatest(p_to, 0))
        ON CONFLICT (tenant, module) DO UPDATE SET version = EXCLUDED.version, updated_at = now();
    END IF;
    INSERT INTO rollout.events (run_id, actor, tenant, module, action, from_version, to_version, outcome, detail)
    VALUES (s.run_id, s.actor, s.tenant, p_module, 'migration', greatest(p_from, 0), greatest(p_to, 0), 'ok',
        coalesce(p_detail, '{}') || jsonb_build_object('took_ms',
            floor(extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::bigint));
END
$$;

REVOKE ALL ON FUNCTION rollout.record_file(text, bigint, bigint, text, text, jsonb, boolean) FROM PUBLIC;
