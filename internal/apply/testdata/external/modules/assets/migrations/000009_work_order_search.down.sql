DROP INDEX work_orders_summary_trgm;
