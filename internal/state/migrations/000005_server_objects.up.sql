-- What rollout created outside tenant schemas on this database, so that
-- `rollout uninstall` removes exactly that and nothing another application
-- owns. kind is 'schema', 'extension' or 'public' (privileges rollout revoked from PUBLIC on schema
-- public; detail holds them, e.g. 'U', to give them back).
CREATE TABLE IF NOT EXISTS rollout.server_objects (
    kind        text NOT NULL,
    name        text NOT NULL,
    detail      text NOT NULL DEFAULT '',
    run_id      text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, name)
);

-- Databases set up by an older rollout: it always created the extensions
-- schema and the extensions in it, and revoked
-- PUBLIC's privileges on public (USAGE, and CREATE before PostgreSQL 15).
INSERT INTO rollout.server_objects (kind, name, detail, run_id)
SELECT 'schema', 'extensions', '', 'backfill' WHERE EXISTS (SELECT 1 FROM rollout.tenants)
    AND to_regnamespace('extensions') IS NOT NULL;
INSERT INTO rollout.server_objects (kind, name, detail, run_id)
SELECT 'extension', e.extname, '', 'backfill' FROM pg_extension e
    WHERE e.extnamespace = to_regnamespace('extensions') AND EXISTS (SELECT 1 FROM rollout.tenants);
INSERT INTO rollout.server_objects (kind, name, detail, run_id)
SELECT 'public', 'public', CASE WHEN current_setting('server_version_num')::int >= 150000 THEN 'U' ELSE 'UC' END, 'backfill'
    WHERE EXISTS (SELECT 1 FROM rollout.tenants) AND to_regnamespace('public') IS NOT NULL
    AND NOT has_schema_privilege('public', 'public', 'USAGE');
