-- modify "subscription_items" table
ALTER TABLE "subscription_items" ADD COLUMN "restarts_billing_period" boolean NULL;
