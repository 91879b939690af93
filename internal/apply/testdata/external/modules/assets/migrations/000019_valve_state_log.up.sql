CREATE TABLE valve_changes (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    valve_id uuid NOT NULL REFERENCES valves (id),
    opened boolean NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
