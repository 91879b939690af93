DROP TABLE IF EXISTS unsettled_usage;

DROP INDEX IF EXISTS idx_unsettled_usage_payer_id;

