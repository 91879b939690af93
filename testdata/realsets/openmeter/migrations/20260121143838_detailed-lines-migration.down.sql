
DROP FUNCTION IF EXISTS om_func_migrate_customer_invoices_to_schema_level_2(TEXT);
