ALTER TABLE "calls" ADD COLUMN "view_etag" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "view_br" "bytea";--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "view_gzip" "bytea";--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_view_copies_check" CHECK ("calls"."view_json" IS NOT NULL OR ("calls"."view_etag" IS NULL AND "calls"."view_br" IS NULL AND "calls"."view_gzip" IS NULL));