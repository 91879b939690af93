BEGIN;
DROP TRIGGER work_orders_audit ON work_orders;
DROP FUNCTION audit_row();
COMMIT;
