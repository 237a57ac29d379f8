-- When the rescore job had queued a run's calls; until then the run's total is an estimate and the
-- run cannot finish. Runs planned before this column existed had a total above 0 (or have ended):
-- they count as planned from their start.
ALTER TABLE "rescore_runs" ADD COLUMN "planned_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "rescore_runs" SET "planned_at" = "created_at" WHERE "total" > 0 OR "status" <> 'running';
