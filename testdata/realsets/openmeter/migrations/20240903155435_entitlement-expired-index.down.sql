-- reverse: create index "entitlement_current_usage_period_end_deleted_at" to table: "entitlements"
DROP INDEX "entitlement_current_usage_period_end_deleted_at";
