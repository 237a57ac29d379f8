CREATE TABLE "learned_models" (
	"version" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"model" jsonb NOT NULL,
	"based_on" text NOT NULL,
	"appeal_ids" text[] NOT NULL,
	"guard" jsonb NOT NULL,
	"what_if" jsonb,
	"note" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	CONSTRAINT "learned_models_status_check" CHECK ("learned_models"."status" IN ('draft', 'published', 'discarded'))
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "second_stage_version" text;--> statement-breakpoint
CREATE INDEX "learned_models_published_idx" ON "learned_models" USING btree ("published_at");