ALTER TABLE "calls" ADD COLUMN "audio" jsonb;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "progress" integer;--> statement-breakpoint
ALTER TABLE "utterances" ADD COLUMN "speaker_confidence" double precision;