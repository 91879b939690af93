-- reverse: create index "appstripe_namespace_stripe_account_id_stripe_livemode" to table: "app_stripes"
DROP INDEX "appstripe_namespace_stripe_account_id_stripe_livemode";
