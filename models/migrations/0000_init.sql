CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" text PRIMARY KEY NOT NULL,
	"external_id" text,
	"rep_id" text NOT NULL,
	"team_id" text,
	"customer" jsonb,
	"industry" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"failure_reason" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"lexicon_version" text,
	"scorecard_version" text,
	"input_checksum" text NOT NULL,
	"total" double precision,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"metrics" jsonb,
	"search_text" text DEFAULT '' NOT NULL,
	"view_json" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calls_external_id_unique" UNIQUE("external_id"),
	CONSTRAINT "calls_source_check" CHECK ("calls"."source" IN ('audio', 'transcript')),
	CONSTRAINT "calls_status_check" CHECK ("calls"."status" IN ('received', 'queued', 'transcribing', 'analyzing', 'scored', 'rescoring', 'failed')),
	CONSTRAINT "calls_revision_check" CHECK ("calls"."revision" >= 1)
);
--> statement-breakpoint
CREATE TABLE "dimension_scores" (
	"call_id" text NOT NULL,
	"dimension" text NOT NULL,
	"score" double precision,
	CONSTRAINT "dimension_scores_call_id_dimension_pk" PRIMARY KEY("call_id","dimension")
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"call_id" text NOT NULL,
	"id" text NOT NULL,
	"idx" integer NOT NULL,
	"utterance_id" text NOT NULL,
	"label" text NOT NULL,
	"span_start" integer NOT NULL,
	"span_end" integer NOT NULL,
	"rule" text NOT NULL,
	"term" text,
	"lexicon_version" text NOT NULL,
	"confidence" double precision NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "findings_call_id_id_pk" PRIMARY KEY("call_id","id")
);
--> statement-breakpoint
CREATE TABLE "score_items" (
	"call_id" text NOT NULL,
	"item_id" text NOT NULL,
	"idx" integer NOT NULL,
	"dimension" text NOT NULL,
	"label" text NOT NULL,
	"metric" text NOT NULL,
	"source" text NOT NULL,
	"value" double precision,
	"target" double precision,
	"score" double precision,
	"weight" double precision NOT NULL,
	"finding_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"detail" jsonb,
	CONSTRAINT "score_items_call_id_item_id_pk" PRIMARY KEY("call_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "user_team_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"team_id" text NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"roles" text[] NOT NULL,
	"team_id" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_external_id_unique" UNIQUE("external_id"),
	CONSTRAINT "users_roles_check" CHECK (cardinality("users"."roles") > 0 AND "users"."roles" <@ ARRAY['admin', 'manager', 'reviewer', 'lexicon_editor', 'rep']::text[])
);
--> statement-breakpoint
CREATE TABLE "utterances" (
	"call_id" text NOT NULL,
	"id" text NOT NULL,
	"idx" integer NOT NULL,
	"speaker" text NOT NULL,
	"start_ms" integer NOT NULL,
	"end_ms" integer NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "utterances_call_id_id_pk" PRIMARY KEY("call_id","id"),
	CONSTRAINT "utterances_speaker_check" CHECK ("utterances"."speaker" IN ('rep', 'customer'))
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_rep_id_users_id_fk" FOREIGN KEY ("rep_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dimension_scores" ADD CONSTRAINT "dimension_scores_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_items" ADD CONSTRAINT "score_items_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_team_history" ADD CONSTRAINT "user_team_history_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_team_history" ADD CONSTRAINT "user_team_history_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "utterances" ADD CONSTRAINT "utterances_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id","id");--> statement-breakpoint
CREATE INDEX "calls_search_idx" ON "calls" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
CREATE INDEX "calls_rep_occurred_idx" ON "calls" USING btree ("rep_id","occurred_at");--> statement-breakpoint
CREATE INDEX "calls_team_occurred_idx" ON "calls" USING btree ("team_id","occurred_at");--> statement-breakpoint
CREATE INDEX "calls_occurred_idx" ON "calls" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "calls_total_idx" ON "calls" USING btree ("total");--> statement-breakpoint
CREATE INDEX "calls_industry_idx" ON "calls" USING btree ("industry");--> statement-breakpoint
CREATE INDEX "calls_status_idx" ON "calls" USING btree ("status");--> statement-breakpoint
CREATE INDEX "calls_tags_idx" ON "calls" USING gin ("tags");--> statement-breakpoint
CREATE UNIQUE INDEX "calls_checksum_no_external_idx" ON "calls" USING btree ("input_checksum") WHERE "calls"."external_id" IS NULL;--> statement-breakpoint
CREATE INDEX "dimension_scores_dimension_score_idx" ON "dimension_scores" USING btree ("dimension","score");--> statement-breakpoint
CREATE INDEX "findings_label_idx" ON "findings" USING btree ("label");--> statement-breakpoint
CREATE INDEX "user_team_history_user_idx" ON "user_team_history" USING btree ("user_id","from_at");--> statement-breakpoint
CREATE UNIQUE INDEX "user_team_history_current_idx" ON "user_team_history" USING btree ("user_id") WHERE "user_team_history"."to_at" IS NULL;--> statement-breakpoint
CREATE INDEX "users_team_idx" ON "users" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "utterances_call_idx_idx" ON "utterances" USING btree ("call_id","idx");