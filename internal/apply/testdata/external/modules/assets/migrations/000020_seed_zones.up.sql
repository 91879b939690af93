BEGIN;
INSERT INTO zones (code, name, population) VALUES
    ('Z-01', 'Old town', 12000),
    ('Z-02', 'Industrial area', 3000);
COMMIT;
