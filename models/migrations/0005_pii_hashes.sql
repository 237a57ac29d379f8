CREATE TABLE "pii_hashes" (
	"call_id" text NOT NULL,
	"kind" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pii_hashes_call_id_hash_pk" PRIMARY KEY("call_id","hash")
);
--> statement-breakpoint
ALTER TABLE "pii_hashes" ADD CONSTRAINT "pii_hashes_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pii_hashes_hash_idx" ON "pii_hashes" USING btree ("hash");