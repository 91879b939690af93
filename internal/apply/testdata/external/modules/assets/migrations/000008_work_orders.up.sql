BEGIN;
CREATE TABLE work_orders (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    asset_kind text NOT NULL CHECK (asset_kind IN ('pipe', 'valve', 'pump')),
    asset_id uuid NOT NULL,
    summary text NOT NULL,
    opened_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz
);
COMMIT;
