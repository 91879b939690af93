-- reverse: modify "customers" table
ALTER TABLE "customers" DROP COLUMN "timezone";
