-- modify "entitlements" table
ALTER TABLE "entitlements" DROP COLUMN "subject_key", DROP COLUMN "subject_id";
