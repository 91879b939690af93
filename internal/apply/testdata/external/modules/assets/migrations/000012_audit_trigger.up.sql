BEGIN;
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    INSERT INTO audit_log (table_name, row_id, digest)
    VALUES (TG_TABLE_NAME, NEW.id, encode(digest(row_to_json(NEW)::text, 'sha256'), 'hex'));
    RETURN NEW;
END;
$body$;
CREATE TRIGGER work_orders_audit AFTER INSERT OR UPDATE ON work_orders FOR EACH ROW EXECUTE FUNCTION audit_row();
COMMIT;
