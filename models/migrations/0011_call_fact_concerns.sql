-- Concern terms (need/objection term counts) kept with each call's facts. Existing facts get
-- null: callsNeedingFacts lists them, so the backlog path (catchUp) recomputes them.
ALTER TABLE "call_facts" ADD COLUMN "concerns" jsonb;