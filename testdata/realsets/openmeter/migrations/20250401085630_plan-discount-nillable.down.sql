-- reverse: modify "plan_phases" table
ALTER TABLE "plan_phases" ADD COLUMN "discounts" jsonb NULL;
