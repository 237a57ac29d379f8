ALTER TABLE "calls" ADD COLUMN "last_change" jsonb;
