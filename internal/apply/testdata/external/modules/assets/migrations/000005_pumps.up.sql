BEGIN;
CREATE TABLE pumps (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    zone_id uuid NOT NULL REFERENCES zones (id),
    kw numeric(8, 2) NOT NULL,
    attributes hstore NOT NULL DEFAULT ''
);
COMMIT;
