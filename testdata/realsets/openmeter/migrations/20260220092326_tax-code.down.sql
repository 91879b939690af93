-- reverse: create index "taxcode_namespace_key" to table: "tax_codes"
DROP INDEX "taxcode_namespace_key";
-- reverse: create index "taxcode_namespace_key_deleted_at" to table: "tax_codes"
DROP INDEX "taxcode_namespace_key_deleted_at";
-- reverse: create index "taxcode_namespace_id" to table: "tax_codes"
DROP INDEX "taxcode_namespace_id";
-- reverse: create index "taxcode_namespace" to table: "tax_codes"
DROP INDEX "taxcode_namespace";
-- reverse: create index "taxcode_id" to table: "tax_codes"
DROP INDEX "taxcode_id";
-- reverse: create "tax_codes" table
DROP TABLE "tax_codes";
