-- reverse: modify "billing_invoices" table
ALTER TABLE "billing_invoices" DROP COLUMN "tax_app_external_id";
