ALTER TABLE "calls" DROP CONSTRAINT "calls_status_check";--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "industry_source" text DEFAULT 'given' NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "industry_inference" jsonb;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_industry_source_check" CHECK ("calls"."industry_source" IN ('given', 'inferred', 'chosen'));--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_status_check" CHECK ("calls"."status" IN ('received', 'needs_industry', 'queued', 'transcribing', 'analyzing', 'scored', 'rescoring', 'failed'));