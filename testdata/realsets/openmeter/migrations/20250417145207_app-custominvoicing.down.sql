-- reverse: create index "appcustominvoicing_namespace_id" to table: "app_custom_invoicings"
DROP INDEX "appcustominvoicing_namespace_id";
