-- remove initial realization run type
ALTER TABLE "charge_usage_based_runs" DROP COLUMN "initial_type";
