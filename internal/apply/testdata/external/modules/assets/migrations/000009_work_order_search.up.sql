CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX work_orders_summary_trgm ON work_orders USING gin (summary gin_trgm_ops);
