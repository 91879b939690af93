CREATE TABLE valves (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    pipe_id uuid NOT NULL REFERENCES pipes (id),
    kind text NOT NULL,
    open boolean NOT NULL DEFAULT true
);
