-- reverse: modify "billing_invoices" table
ALTER TABLE "billing_invoices" DROP COLUMN "draft_until";
