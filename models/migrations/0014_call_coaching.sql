-- The analysis' coaching list, stored with it for the call view. Calls scored before stay null:
-- the first read of one computes the list from its stored view and stores view and list again.
ALTER TABLE "calls" ADD COLUMN "coaching" jsonb;
