-- reverse: modify "features" table
ALTER TABLE "features" DROP COLUMN "advanced_meter_group_by_filters";
