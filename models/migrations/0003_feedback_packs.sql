CREATE TABLE "call_facts" (
	"call_id" text PRIMARY KEY NOT NULL,
	"rep_id" text NOT NULL,
	"team_id" text NOT NULL,
	"day" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"revision" integer NOT NULL,
	"industry" text NOT NULL,
	"lexicon_version" text,
	"scorecard_version" text,
	"counters" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_packs" (
	"id" text PRIMARY KEY NOT NULL,
	"rep_id" text NOT NULL,
	"team_id" text,
	"trigger" text NOT NULL,
	"run_key" text,
	"as_of" timestamp with time zone NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"window_to" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"lexicon_versions" text[] NOT NULL,
	"scorecard_versions" text[] NOT NULL,
	"data" jsonb NOT NULL,
	"generated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_packs_trigger_check" CHECK ("feedback_packs"."trigger" IN ('on_demand', 'schedule'))
);
--> statement-breakpoint
CREATE TABLE "growth_goals" (
	"id" text PRIMARY KEY NOT NULL,
	"rep_id" text NOT NULL,
	"team_id" text,
	"metric" text NOT NULL,
	"comparator" text NOT NULL,
	"target" double precision NOT NULL,
	"period_from" text NOT NULL,
	"period_to" text NOT NULL,
	"min_calls" integer DEFAULT 3 NOT NULL,
	"note" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" text,
	"value" double precision,
	"call_count" integer,
	"call_ids" text[],
	"evaluated_at" timestamp with time zone,
	CONSTRAINT "growth_goals_status_check" CHECK ("growth_goals"."status" IN ('active', 'cancelled')),
	CONSTRAINT "growth_goals_state_check" CHECK ("growth_goals"."state" IS NULL OR "growth_goals"."state" IN ('on_track', 'behind', 'achieved', 'missed', 'too_few_calls')),
	CONSTRAINT "growth_goals_comparator_check" CHECK ("growth_goals"."comparator" IN ('>=', '<=')),
	CONSTRAINT "growth_goals_period_check" CHECK ("growth_goals"."period_from" <= "growth_goals"."period_to")
);
--> statement-breakpoint
CREATE TABLE "rep_day_aggregates" (
	"team_id" text NOT NULL,
	"rep_id" text NOT NULL,
	"day" text NOT NULL,
	"iso_week" text NOT NULL,
	"calls" integer NOT NULL,
	"counters" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rep_day_aggregates_team_id_rep_id_day_pk" PRIMARY KEY("team_id","rep_id","day")
);
--> statement-breakpoint
ALTER TABLE "call_facts" ADD CONSTRAINT "call_facts_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_packs" ADD CONSTRAINT "feedback_packs_rep_id_users_id_fk" FOREIGN KEY ("rep_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "growth_goals" ADD CONSTRAINT "growth_goals_rep_id_users_id_fk" FOREIGN KEY ("rep_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_facts_rep_day_idx" ON "call_facts" USING btree ("rep_id","day");--> statement-breakpoint
CREATE INDEX "call_facts_team_day_idx" ON "call_facts" USING btree ("team_id","day");--> statement-breakpoint
CREATE INDEX "feedback_packs_rep_idx" ON "feedback_packs" USING btree ("rep_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_packs_run_idx" ON "feedback_packs" USING btree ("rep_id","run_key") WHERE "feedback_packs"."run_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "growth_goals_rep_idx" ON "growth_goals" USING btree ("rep_id","period_to");--> statement-breakpoint
CREATE INDEX "rep_day_aggregates_team_day_idx" ON "rep_day_aggregates" USING btree ("team_id","day");--> statement-breakpoint
CREATE INDEX "rep_day_aggregates_rep_day_idx" ON "rep_day_aggregates" USING btree ("rep_id","day");