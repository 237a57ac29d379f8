-- A call's findings of one label, read without its other findings: the feedback packs' example
-- searches ask each call of a window for its first finding of a kind (and whether it has one of
-- the preferred label). IF NOT EXISTS: a database where it was made by hand to measure it migrates too.
CREATE INDEX IF NOT EXISTS "findings_call_label_idx" ON "findings" USING btree ("call_id","label");
