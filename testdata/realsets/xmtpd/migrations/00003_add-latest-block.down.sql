DROP TABLE IF EXISTS latest_block;

