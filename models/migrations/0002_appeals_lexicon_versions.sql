CREATE TABLE "appeals" (
	"id" text PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"rep_id" text NOT NULL,
	"team_id" text,
	"industry" text NOT NULL,
	"target" text NOT NULL,
	"item_key" text NOT NULL,
	"finding_id" text,
	"score_item_id" text,
	"utterance_id" text,
	"span_start" integer,
	"span_end" integer,
	"label" text,
	"rule" text,
	"term" text,
	"lexicon_version" text,
	"quote" text DEFAULT '' NOT NULL,
	"reason" text NOT NULL,
	"proposal" jsonb NOT NULL,
	"preview" jsonb,
	"status" text DEFAULT 'open' NOT NULL,
	"reviewer_id" text,
	"filed_by" text NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"escalated_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeals_status_check" CHECK ("appeals"."status" IN ('open', 'in_review', 'accepted', 'rejected', 'withdrawn')),
	CONSTRAINT "appeals_target_check" CHECK ("appeals"."target" IN ('finding', 'score_item', 'missed_finding', 'speaker'))
);
--> statement-breakpoint
CREATE TABLE "call_overrides" (
	"id" text PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"appeal_id" text NOT NULL,
	"correction" jsonb NOT NULL,
	"status" text DEFAULT 'in_force' NOT NULL,
	"flagged" boolean DEFAULT false NOT NULL,
	"flag_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"absorbed_at" timestamp with time zone,
	"absorbed_lexicon_version" text,
	CONSTRAINT "call_overrides_status_check" CHECK ("call_overrides"."status" IN ('in_force', 'absorbed'))
);
--> statement-breakpoint
CREATE TABLE "lexicon_change_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"industry" text NOT NULL,
	"appeal_id" text,
	"change" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"note" text,
	"draft_sequence" integer,
	CONSTRAINT "lexicon_change_requests_status_check" CHECK ("lexicon_change_requests"."status" IN ('pending', 'accepted', 'declined'))
);
--> statement-breakpoint
CREATE TABLE "lexicon_versions" (
	"industry" text NOT NULL,
	"sequence" integer NOT NULL,
	"version_id" text,
	"status" text NOT NULL,
	"lexicon" jsonb NOT NULL,
	"scorecard" jsonb,
	"based_on" integer,
	"rollback_of" integer,
	"note" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	CONSTRAINT "lexicon_versions_industry_sequence_pk" PRIMARY KEY("industry","sequence"),
	CONSTRAINT "lexicon_versions_version_id_unique" UNIQUE("version_id"),
	CONSTRAINT "lexicon_versions_status_check" CHECK ("lexicon_versions"."status" IN ('draft', 'published', 'discarded'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"recipients" text[] DEFAULT '{}'::text[] NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notifications_status_check" CHECK ("notifications"."status" IN ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "rescore_results" (
	"run_id" text NOT NULL,
	"call_id" text NOT NULL,
	"before_total" double precision,
	"after_total" double precision,
	"before_dimensions" jsonb,
	"after_dimensions" jsonb,
	"before_lexicon_version" text,
	"findings_added" integer DEFAULT 0 NOT NULL,
	"findings_removed" integer DEFAULT 0 NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rescore_results_run_id_call_id_pk" PRIMARY KEY("run_id","call_id")
);
--> statement-breakpoint
CREATE TABLE "rescore_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"industry" text NOT NULL,
	"version_id" text NOT NULL,
	"since" timestamp with time zone,
	"status" text DEFAULT 'running' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"changed" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reviewer_pools" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text,
	"industry" text,
	"reviewer_ids" text[] NOT NULL,
	"next" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "machine_total" double precision;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "machine_dimensions" jsonb;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "override_id" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "suppressed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "appeal_sla_hours" integer DEFAULT 48 NOT NULL;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_overrides" ADD CONSTRAINT "call_overrides_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_overrides" ADD CONSTRAINT "call_overrides_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lexicon_change_requests" ADD CONSTRAINT "lexicon_change_requests_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rescore_results" ADD CONSTRAINT "rescore_results_run_id_rescore_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."rescore_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rescore_results" ADD CONSTRAINT "rescore_results_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviewer_pools" ADD CONSTRAINT "reviewer_pools_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_item_idx" ON "appeals" USING btree ("call_id","item_key") WHERE "appeals"."status" <> 'withdrawn';--> statement-breakpoint
CREATE INDEX "appeals_reviewer_idx" ON "appeals" USING btree ("reviewer_id","status");--> statement-breakpoint
CREATE INDEX "appeals_status_due_idx" ON "appeals" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "appeals_rep_idx" ON "appeals" USING btree ("rep_id","filed_at");--> statement-breakpoint
CREATE INDEX "appeals_team_idx" ON "appeals" USING btree ("team_id","filed_at");--> statement-breakpoint
CREATE INDEX "call_overrides_call_idx" ON "call_overrides" USING btree ("call_id");--> statement-breakpoint
CREATE UNIQUE INDEX "call_overrides_appeal_idx" ON "call_overrides" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "lexicon_change_requests_industry_idx" ON "lexicon_change_requests" USING btree ("industry","status");--> statement-breakpoint
CREATE UNIQUE INDEX "lexicon_versions_one_draft_idx" ON "lexicon_versions" USING btree ("industry") WHERE "lexicon_versions"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "notifications_status_idx" ON "notifications" USING btree ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "reviewer_pools_scope_idx" ON "reviewer_pools" USING btree (coalesce("team_id", ''),coalesce("industry", ''));