-- reverse: create index "customersubjects_subject_key" to table: "customer_subjects"
DROP INDEX "customersubjects_subject_key";
-- reverse: create index "customersubjects_deleted_at_customer_id" to table: "customer_subjects"
DROP INDEX "customersubjects_deleted_at_customer_id";
-- reverse: create index "customersubjects_deleted_at" to table: "customer_subjects"
DROP INDEX "customersubjects_deleted_at";
-- reverse: create index "customersubjects_customer_id" to table: "customer_subjects"
DROP INDEX "customersubjects_customer_id";
