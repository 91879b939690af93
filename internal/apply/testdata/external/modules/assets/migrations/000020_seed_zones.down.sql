DELETE FROM zones WHERE code IN ('Z-01', 'Z-02');
