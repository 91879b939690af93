DROP TABLE IF EXISTS nonce_table;

DROP FUNCTION IF EXISTS fill_nonce_gap;