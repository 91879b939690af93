-- reverse: modify "subscriptions" table
ALTER TABLE "subscriptions" DROP COLUMN "billing_anchor";
