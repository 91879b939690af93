BEGIN;
CREATE TABLE zones (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    code citext NOT NULL UNIQUE,
    name text NOT NULL
);
COMMIT;
