-- modify "features" table
ALTER TABLE "features" ADD COLUMN "description" character varying NULL;
