-- reverse: create index "subject_namespace_key_deleted_at" to table: "subjects"
DROP INDEX "subject_namespace_key_deleted_at";
-- reverse: create index "subject_namespace_id" to table: "subjects"
DROP INDEX "subject_namespace_id";
