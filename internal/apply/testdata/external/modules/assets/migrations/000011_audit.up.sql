CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    table_name text NOT NULL,
    row_id uuid,
    changed_at timestamptz NOT NULL DEFAULT now(),
    digest text NOT NULL
);
