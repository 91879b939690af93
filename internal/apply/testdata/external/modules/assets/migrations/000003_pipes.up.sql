CREATE TABLE pipes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    zone_id uuid NOT NULL REFERENCES zones (id),
    material text NOT NULL,
    diameter_mm integer NOT NULL CHECK (diameter_mm > 0),
    laid_on date
);
