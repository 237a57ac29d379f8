/**
 * generated — do not edit. `npm run gen:api-types` writes this file from the OpenAPI document
 * of api/openapi.ts (openapi-typescript); web/src/lib/api-shapes.ts names the shapes the web uses.
 */

export interface paths {
    "/v1/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List calls visible to the caller */
        get: {
            parameters: {
                query?: {
                    repId?: string;
                    teamId?: string;
                    industry?: string;
                    status?: "received" | "needs_industry" | "queued" | "transcribing" | "analyzing" | "scored" | "rescoring" | "failed";
                    tag?: string;
                    from?: string;
                    to?: string;
                    dimension?: "lead_activation" | "need_diagnosis" | "solution_presentation" | "objection_handling" | "closing";
                    minScore?: number;
                    maxScore?: number;
                    sort?: "occurred_at" | "total";
                    order?: "asc" | "desc";
                    limit?: number;
                    cursor?: string;
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description a page of calls with nextCursor (and snippets when searched) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CallListPage"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Submit a call: a transcript (JSON) or a recording (multipart)
         * @description A recording is sent as multipart/form-data: the file in the part `audio` (wav, mp3, m4a/aac, amr, ogg/opus, flac, or WeChat voice, i.e. SILK v3, whatever the file is called; the format is detected from the content) and the metadata either as one `metadata` JSON field or as fields `repId`, `occurredAt`, optional `industry`, `externalId`, `customer` (JSON) and `channels` (JSON, e.g. {"left":"rep","right":"customer"} for a stereo recording). A recording without `industry` (or with `auto`) is accepted as any other: `industrySource` is `inferred` with `industryInference` null (the stored industry a placeholder) until it is transcribed; then its transcript decides the industry as a transcript submitted without one would (the evidence in `industryInference`), or the call waits as `needs_industry` (待确认行业) with the candidates until PUT /v1/calls/{id}/industry, which analyses it from the same transcript. 413 past MAX_AUDIO_BYTES, 415 for other file types (details.detected names what was sent) and where no speech model is configured, 422 past MAX_AUDIO_SECONDS. The same recording again is the same call (200). GET /v1/calls/{id} shows `progress` (percent) while it is transcribed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Transcript"];
                    "multipart/form-data": components["schemas"]["Recording"];
                };
            };
            responses: {
                /** @description the same call was already stored (idempotent) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CallSubmitted"];
                    };
                };
                /** @description stored and queued; without an industry (or `auto`) it is inferred, or the call waits as `needs_industry` (待确认行业) until PUT /v1/calls/{id}/industry */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CallSubmitted"];
                    };
                };
                /** @description stored; the job queue is unreachable, the call is scored when it is back */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CallSubmitted"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calls/{id}/audio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The stored recording of an audio call (original bytes; Range requests for the player) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description call id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the recording */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description a byte range */
                206: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calls/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A call with transcript, findings, score items and dimensions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description call id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the call, its transcript and (once scored) its analysis */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CallView"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reps/{id}/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A rep's averages per dimension and metric over scored calls */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                };
                header?: never;
                path: {
                    /** @description rep (user) id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description summary */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RepSummary"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reps/{id}/feedback-packs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A rep's stored packs, newest first (without their data) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description rep id or external id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description pack summaries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FeedbackPackList"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Generate and store a rep's feedback pack (last 30 days up to `at`, default now) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description rep id or external id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description the stored pack and its JSON */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FeedbackPackResponse"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/feedback-packs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A stored pack as JSON, Markdown, HTML (with an SVG radar) or Excel */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "md" | "html" | "xlsx";
                };
                header?: never;
                path: {
                    /** @description pack id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the pack in the asked format (JSON: the stored pack and its data) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FeedbackPackResponse"];
                        "text/markdown": string;
                        "text/html": string;
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/goal-metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Metrics a growth goal may name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description metrics */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GoalMetricList"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reps/{id}/goals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A rep's goals, each evaluated now (on track, behind, achieved, missed, too few calls) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description rep id or external id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description goals */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GoalList"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Set a growth goal (1-2 per rep at a time): metric, target, period */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description rep id or external id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        metric: string;
                        target: number;
                        period: ("this_week" | "next_week") | {
                            from: string;
                            to: string;
                        };
                        /** @default 3 */
                        minCalls?: number;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description the goal with its evaluation */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GoalView"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/goals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A goal with its evaluation */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description goal id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description goal */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GoalView"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Cancel a goal */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description goal id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the cancelled goal */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GoalView"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/teams/{id}/heatmap": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per rep × key action × ISO week: reach, frequency, mean duration, conversion to the next action */
        get: {
            parameters: {
                query?: {
                    weeks?: number;
                    at?: string;
                };
                header?: never;
                path: {
                    /** @description team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description heatmap data */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TeamHeatmap"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/teams/{id}/customer-questions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Questions customers ask most, clustered by lexicon concept and wording, with example calls */
        get: {
            parameters: {
                query?: {
                    industry?: string;
                    from?: string;
                    to?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description clusters */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CustomerQuestions"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/teams/{id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The team's 30-day figures per rep, team average and benchmark group (JSON or Excel) */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "xlsx";
                    at?: string;
                };
                header?: never;
                path: {
                    /** @description team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description team metrics (JSON, or Excel with format=xlsx) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TeamMetrics"];
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calls/{id}/appeals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Appeal one item of your own scored call (finding, missed finding, score item, speaker) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description call id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @constant */
                        target: "finding";
                        findingId: string;
                        reason: string;
                        proposedLabel?: string | null;
                        proposedField?: {
                            /** @enum {string} */
                            field: "accurate" | "identified" | "resolved";
                            value: boolean;
                        };
                        lexiconChange?: {
                            /** @constant */
                            op: "add_term";
                            term: string;
                            category: string;
                            synonyms?: string[];
                            weight?: number;
                        } | {
                            /** @constant */
                            op: "add_synonym";
                            term: string;
                            synonym: string;
                        } | {
                            /** @constant */
                            op: "change_term";
                            term: string;
                            category?: string;
                            synonyms?: string[];
                            weight?: number;
                        } | {
                            /** @constant */
                            op: "remove_term";
                            term: string;
                        };
                    } | {
                        /** @constant */
                        target: "missed_finding";
                        utteranceId: string;
                        span: [
                            number,
                            number
                        ];
                        proposedLabel: string;
                        reason: string;
                        lexiconChange?: {
                            /** @constant */
                            op: "add_term";
                            term: string;
                            category: string;
                            synonyms?: string[];
                            weight?: number;
                        } | {
                            /** @constant */
                            op: "add_synonym";
                            term: string;
                            synonym: string;
                        } | {
                            /** @constant */
                            op: "change_term";
                            term: string;
                            category?: string;
                            synonyms?: string[];
                            weight?: number;
                        } | {
                            /** @constant */
                            op: "remove_term";
                            term: string;
                        };
                    } | {
                        /** @constant */
                        target: "score_item";
                        itemId: string;
                        proposedScore: number;
                        reason: string;
                    } | {
                        /** @constant */
                        target: "speaker";
                        utteranceId: string;
                        /** @enum {string} */
                        proposedSpeaker: "rep" | "customer";
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description the appeal with the quoted evidence and the scores now and if accepted */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AppealEnvelope"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calls/{id}/appeals/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What an appeal would change, without filing it: evidence and the scores now and if accepted */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description call id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @constant */
                        target: "finding";
                        findingId: string;
                        reason: string;
                        proposedLabel?: string | null;
                        proposedField?: {
                            /** @enum {string} */
                            field: "accurate" | "identified" | "resolved";
                            value: boolean;
                        };
                        lexiconChange?: {
                            /** @constant */
                            op: "add_term";
                            term: string;
                            category: string;
                            synonyms?: string[];
                            weight?: number;
                        } | {
                            /** @constant */
                            op: "add_synonym";
                            term: string;
                            synonym: string;
                        } | {
                            /** @constant */
                            op: "change_term";
                            term: string;
                            category?: string;
                            synonyms?: string[];
                            weight?: number;
                        } | {
                            /** @constant */
                            op: "remove_term";
                            term: string;
                        };
                    } | {
                        /** @constant */
                        target: "missed_finding";
                        utteranceId: string;
                        span: [
                            number,
                            number
                        ];
                        proposedLabel: string;
                        reason: string;
                        lexiconChange?: {
                            /** @constant */
                            op: "add_term";
                            term: string;
                            category: string;
                            synonyms?: string[];
                            weight?: number;
                        } | {
                            /** @constant */
                            op: "add_synonym";
                            term: string;
                            synonym: string;
                        } | {
                            /** @constant */
                            op: "change_term";
                            term: string;
                            category?: string;
                            synonyms?: string[];
                            weight?: number;
                        } | {
                            /** @constant */
                            op: "remove_term";
                            term: string;
                        };
                    } | {
                        /** @constant */
                        target: "score_item";
                        itemId: string;
                        proposedScore: number;
                        reason: string;
                    } | {
                        /** @constant */
                        target: "speaker";
                        utteranceId: string;
                        /** @enum {string} */
                        proposedSpeaker: "rep" | "customer";
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description the evidence, the correction and the scores now and if accepted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AppealPreview"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Appeals: mine, assigned to me, my team, overdue, flagged (ordered by due time) */
        get: {
            parameters: {
                query?: {
                    view?: "mine" | "assigned" | "team" | "overdue" | "flagged" | "all";
                    status?: string;
                    callId?: string;
                    teamId?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description a page of appeals with nextCursor */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AppealListPage"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Appeals and acceptances per rule and lexicon term (most often wrong first) */
        get: {
            parameters: {
                query?: {
                    industry?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description counts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One appeal with its evidence, preview, SLA state and override */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description appeal id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the appeal */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AppealEnvelope"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw an open appeal (the rep who filed it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description appeal id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description withdrawn */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AppealEnvelope"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals/{id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign to a reviewer (managers, admins; a reviewer may take one) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description appeal id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reviewerId: string;
                    };
                };
            };
            responses: {
                /** @description assigned */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AppealEnvelope"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start the review (open → in_review) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description appeal id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description in review */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AppealEnvelope"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/appeals/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept or reject with a note (the assigned reviewer; never on their own call) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description appeal id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        decision: "accept" | "reject";
                        note: string;
                    };
                };
            };
            responses: {
                /** @description decided */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AppealEnvelope"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reviewer-pools": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reviewer pools */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description pools */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Create or replace the reviewer pool of a team and/or industry (round robin) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default null */
                        teamId?: string | null;
                        /** @default null */
                        industry?: string | null;
                        reviewerIds: string[];
                    };
                };
            };
            responses: {
                /** @description the pool */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/teams/{id}/appeal-sla": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a team's appeal SLA in hours */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description team id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        hours: number;
                    };
                };
            };
            responses: {
                /** @description saved */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The notification outbox (admins) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description latest 100 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit log of one entity (who, when, before, after): admins and managers */
        get: {
            parameters: {
                query: {
                    entity: string;
                    id: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description entries, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lexicons with their current version, Chinese name, parent (`extends`) and `selectable` (false: a shared base) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description industries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconIndustryList"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current version, draft, pending change requests and `inheritance` (ancestors, inherited terms marked `inheritedFrom`, overrides, children) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description lexicon */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconOverview"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/lint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lint of the version the editor shows (the draft, else the published one), as `tingjian lexicons lint`: common words (jieba frequency), brands that are ordinary words, one surface in two conflicting categories, duplicates of the base or of inherited terms, and the count of terms no labelled call exercises */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the findings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconLintReport"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All versions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description versions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconVersionList"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/versions/{ref}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version (a sequence number or `draft`) with its terms, scorecard and `inheritance` */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                    /** @description sequence or draft */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconVersionResponse"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Terms added, removed and changed between two versions (`from`, `to`: sequence or draft) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description diff */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconDiff"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export a version (`current`, `draft` or a sequence) as CSV or JSON */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/draft": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create the draft (copy of the published version) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description draft */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconDraftResponse"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Discard the draft */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description discarded */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/draft/terms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a term to the draft (validated; duplicates and conflicts refused) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description the draft */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconDraftResponse"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/draft/terms/{term}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a term from the draft */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                    /** @description the term */
                    term: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the draft */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconDraftResponse"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a term's category, synonyms, weight, tag or note */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                    /** @description the term */
                    term: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        category?: "product" | "feature" | "benefit" | "case" | "competitor" | "need" | "approver" | "tag" | "objection.price" | "objection.timing" | "objection.authority" | "objection.need" | "objection.competitor" | "objection.trust" | "objection.delivery" | "question.open" | "question.closed" | "question.tag" | "question.invite" | "question.particle" | "question.embedding" | "question.ask" | "restatement" | "restatement.tail" | "objection.competitor_cue" | "objection.switch" | "technique.acknowledge" | "technique.clarify" | "technique.reframe" | "technique.alternative" | "technique.evidence" | "need.pain" | "need.want" | "need.negation" | "next_step.action" | "next_step.time" | "next_step.vague" | "opening.intro" | "opening.purpose" | "opening.permission" | "commitment" | "agreement" | "sample" | "price_topic" | "delivery_topic" | "puffery" | "filler";
                        synonyms?: string[];
                        weight?: number;
                        tag?: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description the draft */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconDraftResponse"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/lexicons/{industry}/draft/scorecard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace the draft's scorecard overlay (weights, targets) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description the draft */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconDraftResponse"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/draft/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import terms into the draft from CSV (UTF-8 or GBK) or JSON; `mode` merge or replace */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "text/csv": string;
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description the draft, terms imported and the encoding read */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconImportResponse"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/change-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Change requests from accepted appeals */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description requests */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconChangeRequestList"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicon-change-requests/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept (applied to the draft) or decline a change request */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description change request id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        decision: "accept" | "decline";
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description the request and the draft */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconChangeDecision"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/what-if": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the draft over the industry's last N scored calls: what would change, with examples */
        post: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconWhatIfReport"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish the draft as the next version (every process installs it; industries that extend it recompile) and start a rescore run of its calls and its children's */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                        /** @default true */
                        rescore?: boolean;
                        /** Format: date-time */
                        since?: string;
                    };
                };
            };
            responses: {
                /** @description the version and the rescore run */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconPublished"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish an earlier version's content again as a new version */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                        /** @default true */
                        rescore?: boolean;
                        /** Format: date-time */
                        since?: string;
                        toSequence: number;
                    };
                };
            };
            responses: {
                /** @description the version and the rescore run */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LexiconPublished"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lexicons/{industry}/rescores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rescore runs of an industry */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description runs */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RescoreRunList"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Rescore the industry's calls (all, or since a date) with the current version */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description industry id, e.g. medical_devices */
                    industry: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        since?: string;
                    };
                };
            };
            responses: {
                /** @description the run */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RescoreStarted"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rescores/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Progress of a rescore run and the before/after of its (changed) calls */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description rescore run id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description run and results */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RescoreRunProgress"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calls/{id}/industry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Pick the industry of a call waiting as needs_industry (待确认行业), or correct it
         * @description The call’s rep, its team’s managers, reviewers and admins. A waiting call is then analysed, a scored one rescored with the new industry’s lexicon and scorecard; audited as call.industry.pick or call.industry.correct.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description call id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        industry: string;
                    };
                };
            };
            responses: {
                /** @description the call */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CallEnvelope"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import existing calls: a zip upload, or folders on the server (IMPORT_DIRS)
         * @description multipart/form-data with the zip in the file field `archive` (and the option fields), or application/json with `paths` under IMPORT_DIRS. Vendor transcripts (Alibaba, Tencent, iFlytek, Volcengine, CSV/Excel) and recordings are recognised by content; files already imported (same content hash) are skipped. Runs in the background: poll GET /v1/imports/{id}.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        rep?: string;
                        industry?: string;
                        channels?: string;
                        format?: string;
                        paths: string[];
                    };
                    "multipart/form-data": {
                        /**
                         * Format: binary
                         * @description a zip file
                         */
                        archive: string;
                        name?: string;
                        rep?: string;
                        industry?: string;
                        channels?: string;
                        format?: string;
                    };
                };
            };
            responses: {
                /** @description started; Location: /v1/imports/{id} */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ImportStarted"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Progress and per-file outcome counts of an import (its owner, or an admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description import id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the import */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ImportView"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/imports/{id}/report.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One CSV row per file of an import: outcome, call id, problem */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description import id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/csv */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/second-stage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Versions of the learned second stage (published, drafts, discarded) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the version in force and the versions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelList"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/second-stage/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version with its guard report (per-label F1 before → after) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a model version, second-stage@<seq>+<hash12> */
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelVersionResponse"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/second-stage/drafts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retrain from the shipped labelled calls plus accepted appeals (a draft) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                        repeat?: number;
                    };
                };
            };
            responses: {
                /** @description the same training data gives an existing version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelDraftResponse"];
                    };
                };
                /** @description a new draft with its guard report */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelDraftResponse"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/second-stage/{version}/what-if": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What the version would change on the last N scored calls (nothing is stored) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a model version, second-stage@<seq>+<hash12> */
                    version: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 200 */
                        limit?: number;
                    };
                };
            };
            responses: {
                /** @description what would change, with examples */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelWhatIfResponse"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/second-stage/{version}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a draft (refused with 409 when its guard failed), then rescore */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a model version, second-stage@<seq>+<hash12> */
                    version: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                        /** @default true */
                        rescore?: boolean;
                    };
                };
            };
            responses: {
                /** @description published, with the rescore run of each industry */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ModelPublished"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/second-stage/{version}/discard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Discard a draft */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a model version, second-stage@<seq>+<hash12> */
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description discarded */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/privacy/erasures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase one customer's data on request (PIPL), by phone number or name; admins only
         * @description A dry run by default (200, what would be erased); `dryRun: false` erases (201) across every table, file and derived copy and writes an audit entry.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        phone?: string;
                        name?: string;
                        /** @default true */
                        dryRun?: boolean;
                    };
                };
            };
            responses: {
                /** @description dry run report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description erased */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enterprise sign-in providers configured on this server (no token needed) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the configured providers (none without enterprise sign-in) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SsoProviderList"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/{provider}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start an enterprise sign-in: redirect to the provider (no token needed)
         * @description Keeps a one-time state (with nonce and PKCE verifier for OpenID Connect) for SSO_STATE_TTL_SEC and redirects to the authorization endpoint, or to the WeCom scan-to-sign-in page. `next` is the web page to open afterwards (a path of this site). A provider not configured redirects to /signin?sso_error=not_configured.
         */
        get: {
            parameters: {
                query?: {
                    next?: string;
                };
                header?: never;
                path: {
                    /** @description oidc (OpenID Connect) or wecom (企业微信扫码登录) */
                    provider: "oidc" | "wecom";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description to the provider */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/{provider}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The provider's redirect back (OIDC_REDIRECT_URI / WECOM_REDIRECT_URI; no token needed)
         * @description The state is taken (once), the code exchanged, the ID token verified against the issuer JWKS (signature, iss, aud, exp with OIDC_CLOCK_TOLERANCE_SEC, nonce) or the WeCom userid read, and the identity looked up among the mappings (never a new user). Redirects to /signin?sso_ticket=<one-time ticket> or /signin?sso_error=<reason>, reason one of: not_configured, state_invalid, provider_denied, provider_unavailable, code_rejected, bad_signature, wrong_issuer, wrong_audience, token_expired, token_invalid, nonce_mismatch, claim_missing, email_unverified, not_mapped, user_inactive, too_many_attempts. Every attempt is audited.
         */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    state?: string;
                    error?: string;
                };
                header?: never;
                path: {
                    /** @description oidc (OpenID Connect) or wecom (企业微信扫码登录) */
                    provider: "oidc" | "wecom";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description to the sign-in page with a ticket or the reason of the refusal */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/ticket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Redeem a sign-in ticket (once, within 60 s) for a bearer token (no token needed) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ticket: string;
                    };
                };
            };
            responses: {
                /** @description { token, next, user }: the same kind of API token as the rest of the API */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TicketRedeemed"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sso/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Identity mappings (admins), all or one user’s */
        get: {
            parameters: {
                query?: {
                    userId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description { items, providers } */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Map a provider identity (subject, WeCom userid, or the OIDC_MAPPING_CLAIM such as a verified email) to an existing user (admins) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        userId: string;
                        /** @enum {string} */
                        provider: "oidc" | "wecom";
                        /** @default sub */
                        claim?: string;
                        value: string;
                    };
                };
            };
            responses: {
                /** @description the mapping; audited on the user */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sso/identities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an identity mapping (admins); the identity can no longer sign in */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description mapping id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the removed mapping */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sso/failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Refused sign-ins at a provider, oldest first (admins): reason, and who when known; never a secret */
        get: {
            parameters: {
                query: {
                    provider: "oidc" | "wecom";
                    after?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description { items, next } */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller: id, name, roles, team and external id (the web UI picks pages by role) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the user of the bearer token */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Me"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/demo/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Embedded demo only (`tingjian start --demo` or TINGJIAN_DEMO=1, on a loopback HOST): the seeded demo users with their tokens, for the web UI role switcher; 404 elsewhere */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the demo users with their tokens */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DemoUsers"];
                    };
                };
                /** @description error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/privacy/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Admins: the retention windows (days per kind, null = forever), the last run (its audit entry) and what a run now would remove (a dry run) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the windows, the last run and what a run now would remove */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RetentionState"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/privacy/retention/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Admins: a retention run; a dry run unless `{"dryRun": false}`. 201 with the counts and its audit id; 409 while another run holds the lock */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the dry run */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RetentionRunResponse"];
                    };
                };
                /** @description data removed, audited */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RetentionRunResponse"];
                    };
                };
                /** @description error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description ok */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness (database, Redis) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description a dependency is down */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text exposition */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Transcript: {
            externalId?: string;
            repId: string;
            industry?: string;
            /** Format: date-time */
            occurredAt: string;
            customer?: {
                name?: string;
                company?: string;
                /** @enum {string} */
                tier?: "A" | "B" | "C";
            };
            utterances: {
                id?: string;
                /** @enum {string} */
                speaker: "rep" | "customer";
                start: number;
                end: number;
                text: string;
            }[];
        };
        Recording: {
            /**
             * Format: binary
             * @description the recording
             */
            audio: string;
            /** @description JSON of AudioCallMetadata (or send its fields one by one) */
            metadata?: string;
            repId?: string;
            /** @description optional; absent or `auto`: inferred from the transcript once the recording is transcribed */
            industry?: string;
            /** Format: date-time */
            occurredAt?: string;
            externalId?: string;
            /** @description JSON */
            customer?: string;
            /** @description JSON, e.g. {"left":"rep","right":"customer"} */
            channels?: string;
        };
        AudioCallMetadata: {
            externalId?: string;
            repId: string;
            /** @description snake_case industry id; absent or `auto`: inferred from the transcript after transcription (industrySource inferred), or the call waits as needs_industry (待确认行业) with the candidates until PUT /v1/calls/{id}/industry */
            industry?: string;
            /** Format: date-time */
            occurredAt: string;
            customer?: {
                name?: string;
                company?: string;
                /** @enum {string} */
                tier?: "A" | "B" | "C";
            };
            channels?: {
                /** @enum {string} */
                left: "rep" | "customer";
                /** @enum {string} */
                right: "rep" | "customer";
            };
        };
        Error: {
            error: {
                code: string;
                message: string;
                details?: unknown;
            };
        };
        CallView: {
            call: {
                id: string;
                externalId: string | null;
                repId: string;
                teamId: string | null;
                industry: string | null;
                /** @enum {string} */
                industrySource: "given" | "inferred" | "chosen";
                industryInference: {
                    decided: boolean;
                    industry: string | null;
                    confidence: number;
                    margin: number;
                    thresholds: {
                        minScore: number;
                        minMargin: number;
                    };
                    candidates: {
                        industry: string;
                        name: string;
                        score: number;
                        probability: number;
                        evidence: {
                            term: string;
                            category: string;
                            count: number;
                        }[];
                    }[];
                } | null;
                occurredAt: string;
                customer: {
                    name?: string;
                    company?: string;
                    /** @enum {string} */
                    tier?: "A" | "B" | "C";
                } | null;
                /** @enum {string} */
                source: "audio" | "transcript";
                /** @enum {string} */
                status: "received" | "needs_industry" | "queued" | "transcribing" | "analyzing" | "scored" | "rescoring" | "failed";
                failureReason: string | null;
                revision: number;
                lexiconVersion: string | null;
                scorecardVersion: string | null;
                total: number | null;
                tags: string[];
                audio: {
                    sha256: string;
                    path: string;
                    format: string;
                    bytes: number;
                    durationMs: number | null;
                    channels: number | null;
                    sampleRate: number | null;
                    channelMap: {
                        [key: string]: "rep" | "customer";
                    } | null;
                    transcription?: {
                        [key: string]: unknown;
                    };
                } | null;
                progress: number | null;
            };
            utterances: {
                id: string;
                /** @enum {string} */
                speaker: "rep" | "customer";
                start: number;
                end: number;
                text: string;
                speakerConfidence?: number;
                /** @enum {string} */
                machineSpeaker?: "rep" | "customer";
                speakerOverrideId?: string;
            }[];
            analysis: {
                revision: number;
                lexiconVersion: string;
                scorecardVersion: string;
                secondStageVersion: string | null;
                total: number | null;
                tags: string[];
                metrics: {
                    durationSec: number;
                    repTalkSec: number;
                    customerTalkSec: number;
                    talkRatio: number;
                    longestMonologueSec: number;
                    interactivityPerMin: number;
                    patienceSec: number | null;
                    repQuestions: number;
                    repOpenQuestions: number;
                    repQuestionsPer10Min: number;
                    customerQuestions: number;
                    customerQuestionsPer10Min: number;
                };
                findings: {
                    id: string;
                    /** @enum {string} */
                    label: "question.open" | "question.closed" | "restatement" | "objection_response" | "next_step" | "opening" | "solution" | "objection.price" | "objection.timing" | "objection.authority" | "objection.need" | "objection.competitor" | "objection.trust" | "objection.delivery" | "need.explicit" | "need.implicit" | "question";
                    utteranceId: string;
                    span: [
                        number,
                        number
                    ];
                    rule: string;
                    term: string | null;
                    surface?: string;
                    lexiconVersion: string;
                    confidence: number;
                    overrideId?: string;
                    probability?: number;
                    modelEvidence?: {
                        text: string;
                        weight: number;
                    }[];
                    components?: ("intro" | "purpose" | "permission")[];
                    hasDate?: boolean;
                    /** @enum {string} */
                    objectionType?: "price" | "timing" | "authority" | "need" | "competitor" | "trust" | "delivery";
                    responseUtteranceId?: string | null;
                    techniques?: ("acknowledge" | "clarify" | "reframe" | "alternative" | "evidence")[];
                    resolved?: boolean;
                    latencyMs?: number | null;
                    respondsTo?: string[];
                    techniqueEvidence?: {
                        /** @enum {string} */
                        technique: "acknowledge" | "clarify" | "reframe" | "alternative" | "evidence";
                        span: [
                            number,
                            number
                        ];
                        term: string;
                        utteranceId: string;
                    }[];
                    identified?: boolean;
                    identifiedBy?: string | null;
                    refersTo?: string;
                    accurate?: boolean;
                    similarity?: number;
                    /** @enum {string} */
                    measure?: "lexical" | "embedding";
                }[];
                suppressed: {
                    id: string;
                    /** @enum {string} */
                    label: "question.open" | "question.closed" | "restatement" | "objection_response" | "next_step" | "opening" | "solution" | "objection.price" | "objection.timing" | "objection.authority" | "objection.need" | "objection.competitor" | "objection.trust" | "objection.delivery" | "need.explicit" | "need.implicit" | "question";
                    utteranceId: string;
                    span: [
                        number,
                        number
                    ];
                    rule: string;
                    term: string | null;
                    surface?: string;
                    lexiconVersion: string;
                    confidence: number;
                    overrideId?: string;
                    probability?: number;
                    modelEvidence?: {
                        text: string;
                        weight: number;
                    }[];
                    components?: ("intro" | "purpose" | "permission")[];
                    hasDate?: boolean;
                    /** @enum {string} */
                    objectionType?: "price" | "timing" | "authority" | "need" | "competitor" | "trust" | "delivery";
                    responseUtteranceId?: string | null;
                    techniques?: ("acknowledge" | "clarify" | "reframe" | "alternative" | "evidence")[];
                    resolved?: boolean;
                    latencyMs?: number | null;
                    respondsTo?: string[];
                    techniqueEvidence?: {
                        /** @enum {string} */
                        technique: "acknowledge" | "clarify" | "reframe" | "alternative" | "evidence";
                        span: [
                            number,
                            number
                        ];
                        term: string;
                        utteranceId: string;
                    }[];
                    identified?: boolean;
                    identifiedBy?: string | null;
                    refersTo?: string;
                    accurate?: boolean;
                    similarity?: number;
                    /** @enum {string} */
                    measure?: "lexical" | "embedding";
                }[];
                machine: {
                    total: number | null;
                    dimensions: {
                        [key: string]: number | null;
                    } | null;
                };
                lastChange: {
                    cause: {
                        /** @constant */
                        kind: "appeal";
                        appealId: string;
                    } | {
                        /** @constant */
                        kind: "lexicon";
                        version: string;
                    } | {
                        /** @constant */
                        kind: "model";
                        version: string;
                    } | {
                        /** @constant */
                        kind: "industry";
                        industry: string;
                    } | {
                        /** @constant */
                        kind: "rescore";
                    };
                    at: string;
                    total: {
                        from: number | null;
                        to: number | null;
                    };
                    dimensions: {
                        /** @enum {string} */
                        dimension: "lead_activation" | "need_diagnosis" | "solution_presentation" | "objection_handling" | "closing";
                        from: number | null;
                        to: number | null;
                    }[];
                    items: {
                        metric: string;
                        label: string;
                        /** @enum {string} */
                        dimension: "lead_activation" | "need_diagnosis" | "solution_presentation" | "objection_handling" | "closing";
                        from: number | null;
                        to: number | null;
                        counted: {
                            label: string;
                            utteranceId: string;
                        }[];
                        uncounted: {
                            label: string;
                            utteranceId: string;
                        }[];
                        /** @description the reason in plain Chinese */
                        reason: string;
                    }[];
                    findingsAdded: {
                        label: string;
                        utteranceId: string;
                    }[];
                    findingsRemoved: {
                        label: string;
                        utteranceId: string;
                    }[];
                    /** @description one sentence summing the change up, in Chinese */
                    summary: string;
                } | null;
                overrides: {
                    id: string;
                    appealId: string;
                    correction: {
                        /** @constant */
                        kind: "remove";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                    } | {
                        /** @constant */
                        kind: "relabel";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                        to: string;
                    } | {
                        /** @constant */
                        kind: "add";
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                    } | {
                        /** @constant */
                        kind: "set";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                        /** @enum {string} */
                        field: "accurate" | "identified" | "resolved";
                        value: boolean;
                    } | {
                        /** @constant */
                        kind: "score";
                        itemId: string;
                        score: number;
                    } | {
                        /** @constant */
                        kind: "speaker";
                        utteranceId: string;
                        /** @enum {string} */
                        speaker: "rep" | "customer";
                    };
                    /** @enum {string} */
                    status: "in_force" | "absorbed";
                    flagged: boolean;
                    flagNote: string | null;
                }[];
                scoreItems: {
                    id: string;
                    /** @enum {string} */
                    dimension: "lead_activation" | "need_diagnosis" | "solution_presentation" | "objection_handling" | "closing";
                    label: string;
                    metric: string;
                    source: string;
                    value: number | null;
                    target: number;
                    score: number | null;
                    weight: number;
                    findingIds: string[];
                    detail?: {
                        [key: string]: number;
                    };
                }[];
                /** @description 0-100 per dimension, null where no item of the dimension applies */
                dimensions: {
                    [key: string]: number | null;
                };
                coaching: {
                    /** @enum {string} */
                    kind: "missed_need" | "unhandled_objection" | "need_without_solution";
                    findingId: string;
                    utteranceId: string;
                    quote: string;
                    detailZh: string;
                }[];
            } | null;
        };
        CallSummary: {
            id: string;
            externalId: string | null;
            repId: string;
            teamId: string | null;
            industry: string | null;
            /** @enum {string} */
            industrySource: "given" | "inferred" | "chosen";
            industryInference: {
                decided: boolean;
                industry: string | null;
                confidence: number;
                margin: number;
                thresholds: {
                    minScore: number;
                    minMargin: number;
                };
                candidates: {
                    industry: string;
                    name: string;
                    score: number;
                    probability: number;
                    evidence: {
                        term: string;
                        category: string;
                        count: number;
                    }[];
                }[];
            } | null;
            occurredAt: string;
            customer: {
                name?: string;
                company?: string;
                /** @enum {string} */
                tier?: "A" | "B" | "C";
            } | null;
            /** @enum {string} */
            source: "audio" | "transcript";
            /** @enum {string} */
            status: "received" | "needs_industry" | "queued" | "transcribing" | "analyzing" | "scored" | "rescoring" | "failed";
            failureReason: string | null;
            revision: number;
            lexiconVersion: string | null;
            scorecardVersion: string | null;
            total: number | null;
            tags: string[];
            audio: {
                sha256: string;
                path: string;
                format: string;
                bytes: number;
                durationMs: number | null;
                channels: number | null;
                sampleRate: number | null;
                channelMap: {
                    [key: string]: "rep" | "customer";
                } | null;
                transcription?: {
                    [key: string]: unknown;
                };
            } | null;
            progress: number | null;
        };
        CallUtterance: {
            id: string;
            /** @enum {string} */
            speaker: "rep" | "customer";
            start: number;
            end: number;
            text: string;
            speakerConfidence?: number;
            /** @enum {string} */
            machineSpeaker?: "rep" | "customer";
            speakerOverrideId?: string;
        };
        Finding: {
            id: string;
            /** @enum {string} */
            label: "question.open" | "question.closed" | "restatement" | "objection_response" | "next_step" | "opening" | "solution" | "objection.price" | "objection.timing" | "objection.authority" | "objection.need" | "objection.competitor" | "objection.trust" | "objection.delivery" | "need.explicit" | "need.implicit" | "question";
            utteranceId: string;
            span: [
                number,
                number
            ];
            rule: string;
            term: string | null;
            surface?: string;
            lexiconVersion: string;
            confidence: number;
            overrideId?: string;
            probability?: number;
            modelEvidence?: {
                text: string;
                weight: number;
            }[];
            components?: ("intro" | "purpose" | "permission")[];
            hasDate?: boolean;
            /** @enum {string} */
            objectionType?: "price" | "timing" | "authority" | "need" | "competitor" | "trust" | "delivery";
            responseUtteranceId?: string | null;
            techniques?: ("acknowledge" | "clarify" | "reframe" | "alternative" | "evidence")[];
            resolved?: boolean;
            latencyMs?: number | null;
            respondsTo?: string[];
            techniqueEvidence?: {
                /** @enum {string} */
                technique: "acknowledge" | "clarify" | "reframe" | "alternative" | "evidence";
                span: [
                    number,
                    number
                ];
                term: string;
                utteranceId: string;
            }[];
            identified?: boolean;
            identifiedBy?: string | null;
            refersTo?: string;
            accurate?: boolean;
            similarity?: number;
            /** @enum {string} */
            measure?: "lexical" | "embedding";
        };
        ScoreItem: {
            id: string;
            /** @enum {string} */
            dimension: "lead_activation" | "need_diagnosis" | "solution_presentation" | "objection_handling" | "closing";
            label: string;
            metric: string;
            source: string;
            value: number | null;
            target: number;
            score: number | null;
            weight: number;
            findingIds: string[];
            detail?: {
                [key: string]: number;
            };
        };
        CoachingOpportunity: {
            /** @enum {string} */
            kind: "missed_need" | "unhandled_objection" | "need_without_solution";
            findingId: string;
            utteranceId: string;
            quote: string;
            detailZh: string;
        };
        IndustryInference: {
            decided: boolean;
            industry: string | null;
            confidence: number;
            margin: number;
            thresholds: {
                minScore: number;
                minMargin: number;
            };
            candidates: {
                industry: string;
                name: string;
                score: number;
                probability: number;
                evidence: {
                    term: string;
                    category: string;
                    count: number;
                }[];
            }[];
        };
        CallListPage: {
            items: {
                id: string;
                externalId: string | null;
                repId: string;
                teamId: string | null;
                industry: string | null;
                /** @enum {string} */
                industrySource: "given" | "inferred" | "chosen";
                industryInference: {
                    decided: boolean;
                    industry: string | null;
                    confidence: number;
                    margin: number;
                    thresholds: {
                        minScore: number;
                        minMargin: number;
                    };
                    candidates: {
                        industry: string;
                        name: string;
                        score: number;
                        probability: number;
                        evidence: {
                            term: string;
                            category: string;
                            count: number;
                        }[];
                    }[];
                } | null;
                occurredAt: string;
                customer: {
                    name?: string;
                    company?: string;
                    /** @enum {string} */
                    tier?: "A" | "B" | "C";
                } | null;
                /** @enum {string} */
                source: "audio" | "transcript";
                /** @enum {string} */
                status: "received" | "needs_industry" | "queued" | "transcribing" | "analyzing" | "scored" | "rescoring" | "failed";
                failureReason: string | null;
                revision: number;
                lexiconVersion: string | null;
                scorecardVersion: string | null;
                total: number | null;
                tags: string[];
                audio: {
                    sha256: string;
                    path: string;
                    format: string;
                    bytes: number;
                    durationMs: number | null;
                    channels: number | null;
                    sampleRate: number | null;
                    channelMap: {
                        [key: string]: "rep" | "customer";
                    } | null;
                    transcription?: {
                        [key: string]: unknown;
                    };
                } | null;
                progress: number | null;
                snippet?: {
                    utteranceId: string;
                    text: string;
                };
                dimensions: {
                    [key: string]: number | null;
                } | null;
            }[];
            nextCursor: string | null;
        };
        CallSubmitted: {
            call: {
                id: string;
                externalId: string | null;
                repId: string;
                teamId: string | null;
                industry: string | null;
                /** @enum {string} */
                industrySource: "given" | "inferred" | "chosen";
                industryInference: {
                    decided: boolean;
                    industry: string | null;
                    confidence: number;
                    margin: number;
                    thresholds: {
                        minScore: number;
                        minMargin: number;
                    };
                    candidates: {
                        industry: string;
                        name: string;
                        score: number;
                        probability: number;
                        evidence: {
                            term: string;
                            category: string;
                            count: number;
                        }[];
                    }[];
                } | null;
                occurredAt: string;
                customer: {
                    name?: string;
                    company?: string;
                    /** @enum {string} */
                    tier?: "A" | "B" | "C";
                } | null;
                /** @enum {string} */
                source: "audio" | "transcript";
                /** @enum {string} */
                status: "received" | "needs_industry" | "queued" | "transcribing" | "analyzing" | "scored" | "rescoring" | "failed";
                failureReason: string | null;
                revision: number;
                lexiconVersion: string | null;
                scorecardVersion: string | null;
                total: number | null;
                tags: string[];
                audio: {
                    sha256: string;
                    path: string;
                    format: string;
                    bytes: number;
                    durationMs: number | null;
                    channels: number | null;
                    sampleRate: number | null;
                    channelMap: {
                        [key: string]: "rep" | "customer";
                    } | null;
                    transcription?: {
                        [key: string]: unknown;
                    };
                } | null;
                progress: number | null;
            };
            created: boolean;
            /** @constant */
            deferred?: true;
        };
        CallEnvelope: {
            call: {
                id: string;
                externalId: string | null;
                repId: string;
                teamId: string | null;
                industry: string | null;
                /** @enum {string} */
                industrySource: "given" | "inferred" | "chosen";
                industryInference: {
                    decided: boolean;
                    industry: string | null;
                    confidence: number;
                    margin: number;
                    thresholds: {
                        minScore: number;
                        minMargin: number;
                    };
                    candidates: {
                        industry: string;
                        name: string;
                        score: number;
                        probability: number;
                        evidence: {
                            term: string;
                            category: string;
                            count: number;
                        }[];
                    }[];
                } | null;
                occurredAt: string;
                customer: {
                    name?: string;
                    company?: string;
                    /** @enum {string} */
                    tier?: "A" | "B" | "C";
                } | null;
                /** @enum {string} */
                source: "audio" | "transcript";
                /** @enum {string} */
                status: "received" | "needs_industry" | "queued" | "transcribing" | "analyzing" | "scored" | "rescoring" | "failed";
                failureReason: string | null;
                revision: number;
                lexiconVersion: string | null;
                scorecardVersion: string | null;
                total: number | null;
                tags: string[];
                audio: {
                    sha256: string;
                    path: string;
                    format: string;
                    bytes: number;
                    durationMs: number | null;
                    channels: number | null;
                    sampleRate: number | null;
                    channelMap: {
                        [key: string]: "rep" | "customer";
                    } | null;
                    transcription?: {
                        [key: string]: unknown;
                    };
                } | null;
                progress: number | null;
            };
        };
        RepSummary: {
            from: string | null;
            to: string | null;
            repId: string;
            calls: number;
            total: number | null;
            dimensions: {
                [key: string]: {
                    mean: number | null;
                    calls: number;
                };
            };
            metrics: {
                [key: string]: number | null;
            };
        };
        ImportView: {
            id: string;
            /** @enum {string} */
            status: "running" | "done" | "failed";
            total: number;
            imported: number;
            duplicates: number;
            failed: number;
            skipped: number;
            failures: {
                entry: string;
                reason: string;
            }[];
            calls: {
                entry: string;
                callId: string;
            }[];
            error?: string;
            startedAt: string;
            finishedAt: string | null;
        };
        ImportStarted: {
            id: string;
            /** @constant */
            status: "running";
        };
        Me: {
            id: string;
            name: string;
            roles: ("admin" | "manager" | "reviewer" | "lexicon_editor" | "rep")[];
            teamId: string | null;
            externalId: string | null;
        };
        AppealPreview: {
            itemKey: string;
            quote: string;
            correction: {
                /** @constant */
                kind: "remove";
                findingId: string;
                utteranceId: string;
                label: string;
                span: [
                    number,
                    number
                ];
            } | {
                /** @constant */
                kind: "relabel";
                findingId: string;
                utteranceId: string;
                label: string;
                span: [
                    number,
                    number
                ];
                to: string;
            } | {
                /** @constant */
                kind: "add";
                utteranceId: string;
                label: string;
                span: [
                    number,
                    number
                ];
            } | {
                /** @constant */
                kind: "set";
                findingId: string;
                utteranceId: string;
                label: string;
                span: [
                    number,
                    number
                ];
                /** @enum {string} */
                field: "accurate" | "identified" | "resolved";
                value: boolean;
            } | {
                /** @constant */
                kind: "score";
                itemId: string;
                score: number;
            } | {
                /** @constant */
                kind: "speaker";
                utteranceId: string;
                /** @enum {string} */
                speaker: "rep" | "customer";
            };
            preview: {
                now: {
                    total: number | null;
                    dimensions: {
                        [key: string]: number | null;
                    };
                };
                ifAccepted: {
                    total: number | null;
                    dimensions: {
                        [key: string]: number | null;
                    };
                };
                lexiconVersion: string;
            };
            existingAppeal: {
                id: string;
                /** @enum {string} */
                status: "open" | "in_review" | "accepted" | "rejected" | "withdrawn";
            } | null;
        };
        Appeal: {
            id: string;
            callId: string;
            repId: string;
            teamId: string | null;
            industry: string;
            /** @enum {string} */
            target: "finding" | "score_item" | "missed_finding" | "speaker";
            itemKey: string;
            findingId: string | null;
            scoreItemId: string | null;
            utteranceId: string | null;
            utteranceIndex: number | null;
            utteranceStartMs: number | null;
            spanStart: number | null;
            spanEnd: number | null;
            label: string | null;
            rule: string | null;
            term: string | null;
            lexiconVersion: string | null;
            quote: string;
            reason: string;
            proposal: {
                correction: {
                    /** @constant */
                    kind: "remove";
                    findingId: string;
                    utteranceId: string;
                    label: string;
                    span: [
                        number,
                        number
                    ];
                } | {
                    /** @constant */
                    kind: "relabel";
                    findingId: string;
                    utteranceId: string;
                    label: string;
                    span: [
                        number,
                        number
                    ];
                    to: string;
                } | {
                    /** @constant */
                    kind: "add";
                    utteranceId: string;
                    label: string;
                    span: [
                        number,
                        number
                    ];
                } | {
                    /** @constant */
                    kind: "set";
                    findingId: string;
                    utteranceId: string;
                    label: string;
                    span: [
                        number,
                        number
                    ];
                    /** @enum {string} */
                    field: "accurate" | "identified" | "resolved";
                    value: boolean;
                } | {
                    /** @constant */
                    kind: "score";
                    itemId: string;
                    score: number;
                } | {
                    /** @constant */
                    kind: "speaker";
                    utteranceId: string;
                    /** @enum {string} */
                    speaker: "rep" | "customer";
                };
                lexiconChange?: {
                    /** @constant */
                    op: "add_term";
                    term: string;
                    category: string;
                    synonyms?: string[];
                    weight?: number;
                } | {
                    /** @constant */
                    op: "add_synonym";
                    term: string;
                    synonym: string;
                } | {
                    /** @constant */
                    op: "change_term";
                    term: string;
                    category?: string;
                    synonyms?: string[];
                    weight?: number;
                } | {
                    /** @constant */
                    op: "remove_term";
                    term: string;
                };
            };
            preview: {
                now: {
                    total: number | null;
                    dimensions: {
                        [key: string]: number | null;
                    };
                };
                ifAccepted: {
                    total: number | null;
                    dimensions: {
                        [key: string]: number | null;
                    };
                };
                lexiconVersion: string;
            } | null;
            /** @enum {string} */
            status: "open" | "in_review" | "accepted" | "rejected" | "withdrawn";
            reviewerId: string | null;
            filedBy: string;
            filedAt: string;
            dueAt: string;
            decidedBy: string | null;
            decidedAt: string | null;
            decisionNote: string | null;
            escalatedAt: string | null;
            updatedAt: string;
            overdue: boolean;
            secondsLeft: number | null;
            override: {
                id: string;
                callId: string;
                appealId: string;
                correction: {
                    /** @constant */
                    kind: "remove";
                    findingId: string;
                    utteranceId: string;
                    label: string;
                    span: [
                        number,
                        number
                    ];
                } | {
                    /** @constant */
                    kind: "relabel";
                    findingId: string;
                    utteranceId: string;
                    label: string;
                    span: [
                        number,
                        number
                    ];
                    to: string;
                } | {
                    /** @constant */
                    kind: "add";
                    utteranceId: string;
                    label: string;
                    span: [
                        number,
                        number
                    ];
                } | {
                    /** @constant */
                    kind: "set";
                    findingId: string;
                    utteranceId: string;
                    label: string;
                    span: [
                        number,
                        number
                    ];
                    /** @enum {string} */
                    field: "accurate" | "identified" | "resolved";
                    value: boolean;
                } | {
                    /** @constant */
                    kind: "score";
                    itemId: string;
                    score: number;
                } | {
                    /** @constant */
                    kind: "speaker";
                    utteranceId: string;
                    /** @enum {string} */
                    speaker: "rep" | "customer";
                };
                /** @enum {string} */
                status: "in_force" | "absorbed";
                flagged: boolean;
                flagNote: string | null;
                createdAt: string;
                absorbedAt: string | null;
                absorbedLexiconVersion: string | null;
            } | null;
        };
        AppealEnvelope: {
            appeal: {
                id: string;
                callId: string;
                repId: string;
                teamId: string | null;
                industry: string;
                /** @enum {string} */
                target: "finding" | "score_item" | "missed_finding" | "speaker";
                itemKey: string;
                findingId: string | null;
                scoreItemId: string | null;
                utteranceId: string | null;
                utteranceIndex: number | null;
                utteranceStartMs: number | null;
                spanStart: number | null;
                spanEnd: number | null;
                label: string | null;
                rule: string | null;
                term: string | null;
                lexiconVersion: string | null;
                quote: string;
                reason: string;
                proposal: {
                    correction: {
                        /** @constant */
                        kind: "remove";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                    } | {
                        /** @constant */
                        kind: "relabel";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                        to: string;
                    } | {
                        /** @constant */
                        kind: "add";
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                    } | {
                        /** @constant */
                        kind: "set";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                        /** @enum {string} */
                        field: "accurate" | "identified" | "resolved";
                        value: boolean;
                    } | {
                        /** @constant */
                        kind: "score";
                        itemId: string;
                        score: number;
                    } | {
                        /** @constant */
                        kind: "speaker";
                        utteranceId: string;
                        /** @enum {string} */
                        speaker: "rep" | "customer";
                    };
                    lexiconChange?: {
                        /** @constant */
                        op: "add_term";
                        term: string;
                        category: string;
                        synonyms?: string[];
                        weight?: number;
                    } | {
                        /** @constant */
                        op: "add_synonym";
                        term: string;
                        synonym: string;
                    } | {
                        /** @constant */
                        op: "change_term";
                        term: string;
                        category?: string;
                        synonyms?: string[];
                        weight?: number;
                    } | {
                        /** @constant */
                        op: "remove_term";
                        term: string;
                    };
                };
                preview: {
                    now: {
                        total: number | null;
                        dimensions: {
                            [key: string]: number | null;
                        };
                    };
                    ifAccepted: {
                        total: number | null;
                        dimensions: {
                            [key: string]: number | null;
                        };
                    };
                    lexiconVersion: string;
                } | null;
                /** @enum {string} */
                status: "open" | "in_review" | "accepted" | "rejected" | "withdrawn";
                reviewerId: string | null;
                filedBy: string;
                filedAt: string;
                dueAt: string;
                decidedBy: string | null;
                decidedAt: string | null;
                decisionNote: string | null;
                escalatedAt: string | null;
                updatedAt: string;
                overdue: boolean;
                secondsLeft: number | null;
                override: {
                    id: string;
                    callId: string;
                    appealId: string;
                    correction: {
                        /** @constant */
                        kind: "remove";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                    } | {
                        /** @constant */
                        kind: "relabel";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                        to: string;
                    } | {
                        /** @constant */
                        kind: "add";
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                    } | {
                        /** @constant */
                        kind: "set";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                        /** @enum {string} */
                        field: "accurate" | "identified" | "resolved";
                        value: boolean;
                    } | {
                        /** @constant */
                        kind: "score";
                        itemId: string;
                        score: number;
                    } | {
                        /** @constant */
                        kind: "speaker";
                        utteranceId: string;
                        /** @enum {string} */
                        speaker: "rep" | "customer";
                    };
                    /** @enum {string} */
                    status: "in_force" | "absorbed";
                    flagged: boolean;
                    flagNote: string | null;
                    createdAt: string;
                    absorbedAt: string | null;
                    absorbedLexiconVersion: string | null;
                } | null;
            };
        };
        AppealListPage: {
            items: {
                id: string;
                callId: string;
                repId: string;
                teamId: string | null;
                industry: string;
                /** @enum {string} */
                target: "finding" | "score_item" | "missed_finding" | "speaker";
                itemKey: string;
                findingId: string | null;
                scoreItemId: string | null;
                utteranceId: string | null;
                utteranceIndex: number | null;
                utteranceStartMs: number | null;
                spanStart: number | null;
                spanEnd: number | null;
                label: string | null;
                rule: string | null;
                term: string | null;
                lexiconVersion: string | null;
                quote: string;
                reason: string;
                proposal: {
                    correction: {
                        /** @constant */
                        kind: "remove";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                    } | {
                        /** @constant */
                        kind: "relabel";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                        to: string;
                    } | {
                        /** @constant */
                        kind: "add";
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                    } | {
                        /** @constant */
                        kind: "set";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                        /** @enum {string} */
                        field: "accurate" | "identified" | "resolved";
                        value: boolean;
                    } | {
                        /** @constant */
                        kind: "score";
                        itemId: string;
                        score: number;
                    } | {
                        /** @constant */
                        kind: "speaker";
                        utteranceId: string;
                        /** @enum {string} */
                        speaker: "rep" | "customer";
                    };
                    lexiconChange?: {
                        /** @constant */
                        op: "add_term";
                        term: string;
                        category: string;
                        synonyms?: string[];
                        weight?: number;
                    } | {
                        /** @constant */
                        op: "add_synonym";
                        term: string;
                        synonym: string;
                    } | {
                        /** @constant */
                        op: "change_term";
                        term: string;
                        category?: string;
                        synonyms?: string[];
                        weight?: number;
                    } | {
                        /** @constant */
                        op: "remove_term";
                        term: string;
                    };
                };
                preview: {
                    now: {
                        total: number | null;
                        dimensions: {
                            [key: string]: number | null;
                        };
                    };
                    ifAccepted: {
                        total: number | null;
                        dimensions: {
                            [key: string]: number | null;
                        };
                    };
                    lexiconVersion: string;
                } | null;
                /** @enum {string} */
                status: "open" | "in_review" | "accepted" | "rejected" | "withdrawn";
                reviewerId: string | null;
                filedBy: string;
                filedAt: string;
                dueAt: string;
                decidedBy: string | null;
                decidedAt: string | null;
                decisionNote: string | null;
                escalatedAt: string | null;
                updatedAt: string;
                overdue: boolean;
                secondsLeft: number | null;
                override: {
                    id: string;
                    callId: string;
                    appealId: string;
                    correction: {
                        /** @constant */
                        kind: "remove";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                    } | {
                        /** @constant */
                        kind: "relabel";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                        to: string;
                    } | {
                        /** @constant */
                        kind: "add";
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                    } | {
                        /** @constant */
                        kind: "set";
                        findingId: string;
                        utteranceId: string;
                        label: string;
                        span: [
                            number,
                            number
                        ];
                        /** @enum {string} */
                        field: "accurate" | "identified" | "resolved";
                        value: boolean;
                    } | {
                        /** @constant */
                        kind: "score";
                        itemId: string;
                        score: number;
                    } | {
                        /** @constant */
                        kind: "speaker";
                        utteranceId: string;
                        /** @enum {string} */
                        speaker: "rep" | "customer";
                    };
                    /** @enum {string} */
                    status: "in_force" | "absorbed";
                    flagged: boolean;
                    flagNote: string | null;
                    createdAt: string;
                    absorbedAt: string | null;
                    absorbedLexiconVersion: string | null;
                } | null;
            }[];
            nextCursor: string | null;
        };
        SsoProviderList: {
            providers: {
                /** @enum {string} */
                id: "oidc" | "wecom";
                issuer: string;
            }[];
        };
        TicketRedeemed: {
            token: string;
            next: string | null;
            user: {
                id: string;
                name: string;
                roles: ("admin" | "manager" | "reviewer" | "lexicon_editor" | "rep")[];
                teamId: string | null;
                externalId: string | null;
            };
        };
        DemoUser: {
            id: string;
            name: string;
            roles: ("admin" | "manager" | "reviewer" | "lexicon_editor" | "rep")[];
            token: string;
        };
        DemoUsers: {
            users: {
                id: string;
                name: string;
                roles: ("admin" | "manager" | "reviewer" | "lexicon_editor" | "rep")[];
                token: string;
            }[];
        };
        ScoreChange: {
            cause: {
                /** @constant */
                kind: "appeal";
                appealId: string;
            } | {
                /** @constant */
                kind: "lexicon";
                version: string;
            } | {
                /** @constant */
                kind: "model";
                version: string;
            } | {
                /** @constant */
                kind: "industry";
                industry: string;
            } | {
                /** @constant */
                kind: "rescore";
            };
            at: string;
            total: {
                from: number | null;
                to: number | null;
            };
            dimensions: {
                /** @enum {string} */
                dimension: "lead_activation" | "need_diagnosis" | "solution_presentation" | "objection_handling" | "closing";
                from: number | null;
                to: number | null;
            }[];
            items: {
                metric: string;
                label: string;
                /** @enum {string} */
                dimension: "lead_activation" | "need_diagnosis" | "solution_presentation" | "objection_handling" | "closing";
                from: number | null;
                to: number | null;
                counted: {
                    label: string;
                    utteranceId: string;
                }[];
                uncounted: {
                    label: string;
                    utteranceId: string;
                }[];
                /** @description the reason in plain Chinese */
                reason: string;
            }[];
            findingsAdded: {
                label: string;
                utteranceId: string;
            }[];
            findingsRemoved: {
                label: string;
                utteranceId: string;
            }[];
            /** @description one sentence summing the change up, in Chinese */
            summary: string;
        };
        WhatIfTally: {
            calls: number;
            callsChanged: number;
            scoresChanged: number;
            findingsAdded: number;
            findingsRemoved: number;
            /** @description mean change of the total over the compared calls */
            meanTotalDelta: number;
            dimensionsChanged: {
                [key: string]: number;
            };
            examples: {
                callId: string;
                repName: string;
                /** @description ISO 8601 */
                occurredAt: string;
                customer: {
                    name: string | null;
                    company: string | null;
                } | null;
                totalBefore: number | null;
                totalAfter: number | null;
                added: {
                    utteranceId: string;
                    utteranceIndex: number | null;
                    startMs: number | null;
                    label: string;
                    term: string | null;
                    quote: string;
                }[];
                removed: {
                    utteranceId: string;
                    utteranceIndex: number | null;
                    startMs: number | null;
                    label: string;
                    term: string | null;
                }[];
            }[];
        };
        LexiconWhatIfReport: {
            calls: number;
            callsChanged: number;
            scoresChanged: number;
            findingsAdded: number;
            findingsRemoved: number;
            /** @description mean change of the total over the compared calls */
            meanTotalDelta: number;
            dimensionsChanged: {
                [key: string]: number;
            };
            examples: {
                callId: string;
                repName: string;
                /** @description ISO 8601 */
                occurredAt: string;
                customer: {
                    name: string | null;
                    company: string | null;
                } | null;
                totalBefore: number | null;
                totalAfter: number | null;
                added: {
                    utteranceId: string;
                    utteranceIndex: number | null;
                    startMs: number | null;
                    label: string;
                    term: string | null;
                    quote: string;
                }[];
                removed: {
                    utteranceId: string;
                    utteranceIndex: number | null;
                    startMs: number | null;
                    label: string;
                    term: string | null;
                }[];
            }[];
            industry: string;
            draftSequence: number;
            elapsedMs: number;
        };
        LexiconLintReport: {
            industry: string;
            sequence: number;
            draft: boolean;
            thresholds: {
                commonWord: number;
                brandOrdinaryWord: number;
            };
            labelledCalls: number;
            counts: {
                [key: string]: number;
            };
            failed: boolean;
            findings: {
                /** @enum {string} */
                kind: "conflicting-category" | "duplicate-of-base" | "inherited-duplicate" | "brand-ordinary-word" | "common-word" | "unexercised";
                /** @enum {string} */
                severity: "error" | "warning";
                industry: string;
                term: string;
                surface: string;
                category: string;
                detail: string;
                count?: number;
            }[];
            unexercised: {
                calls: number;
                terms: number;
                unexercised: number;
                byCategory: {
                    [key: string]: [
                        number,
                        number
                    ];
                };
            };
        };
        LexiconIndustryList: {
            items: {
                industry: string;
                name: string;
                extends: string | null;
                selectable: boolean;
                sequence: number;
                versionId: string | null;
                hasDraft: boolean;
            }[];
        };
        LexiconOverview: {
            industry: string;
            current: {
                industry: string;
                sequence: number;
                versionId: string | null;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
                basedOn: number | null;
                rollbackOf: number | null;
                note: string | null;
                createdBy: string | null;
                createdAt: string;
                updatedAt: string;
                publishedBy: string | null;
                publishedAt: string | null;
                lexicon: {
                    name?: string;
                    terms?: {
                        term: string;
                        category: string;
                        synonyms?: string[];
                        weight?: number;
                        tag?: string;
                        note?: string;
                    }[];
                } & {
                    [key: string]: unknown;
                };
                scorecard: {
                    [key: string]: unknown;
                } | null;
            };
            draft: {
                industry: string;
                sequence: number;
                versionId: string | null;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
                basedOn: number | null;
                rollbackOf: number | null;
                note: string | null;
                createdBy: string | null;
                createdAt: string;
                updatedAt: string;
                publishedBy: string | null;
                publishedAt: string | null;
                lexicon: {
                    name?: string;
                    terms?: {
                        term: string;
                        category: string;
                        synonyms?: string[];
                        weight?: number;
                        tag?: string;
                        note?: string;
                    }[];
                } & {
                    [key: string]: unknown;
                };
                scorecard: {
                    [key: string]: unknown;
                } | null;
            } | null;
            inheritance: {
                extends: string | null;
                ancestors: {
                    industry: string;
                    name: string;
                    sequence: number;
                }[];
                inherited: {
                    term: string;
                    category: string;
                    synonyms?: string[];
                    weight?: number;
                    tag?: string;
                    note?: string;
                    inheritedFrom: string;
                }[];
                overrides: {
                    term: string;
                    inheritedFrom: string;
                }[];
                children: string[];
            };
            pendingChangeRequests: number;
        };
        LexiconVersionList: {
            items: {
                industry: string;
                sequence: number;
                versionId: string | null;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
                basedOn: number | null;
                rollbackOf: number | null;
                note: string | null;
                createdBy: string | null;
                createdAt: string;
                updatedAt: string;
                publishedBy: string | null;
                publishedAt: string | null;
                terms: number;
            }[];
        };
        LexiconVersionResponse: {
            version: {
                industry: string;
                sequence: number;
                versionId: string | null;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
                basedOn: number | null;
                rollbackOf: number | null;
                note: string | null;
                createdBy: string | null;
                createdAt: string;
                updatedAt: string;
                publishedBy: string | null;
                publishedAt: string | null;
                lexicon: {
                    name?: string;
                    terms?: {
                        term: string;
                        category: string;
                        synonyms?: string[];
                        weight?: number;
                        tag?: string;
                        note?: string;
                    }[];
                } & {
                    [key: string]: unknown;
                };
                scorecard: {
                    [key: string]: unknown;
                } | null;
            };
            inheritance: {
                extends: string | null;
                ancestors: {
                    industry: string;
                    name: string;
                    sequence: number;
                }[];
                inherited: {
                    term: string;
                    category: string;
                    synonyms?: string[];
                    weight?: number;
                    tag?: string;
                    note?: string;
                    inheritedFrom: string;
                }[];
                overrides: {
                    term: string;
                    inheritedFrom: string;
                }[];
                children: string[];
            };
        };
        LexiconDraftResponse: {
            draft: {
                industry: string;
                sequence: number;
                versionId: string | null;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
                basedOn: number | null;
                rollbackOf: number | null;
                note: string | null;
                createdBy: string | null;
                createdAt: string;
                updatedAt: string;
                publishedBy: string | null;
                publishedAt: string | null;
                lexicon: {
                    name?: string;
                    terms?: {
                        term: string;
                        category: string;
                        synonyms?: string[];
                        weight?: number;
                        tag?: string;
                        note?: string;
                    }[];
                } & {
                    [key: string]: unknown;
                };
                scorecard: {
                    [key: string]: unknown;
                } | null;
            };
        };
        LexiconImportResponse: {
            draft: {
                industry: string;
                sequence: number;
                versionId: string | null;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
                basedOn: number | null;
                rollbackOf: number | null;
                note: string | null;
                createdBy: string | null;
                createdAt: string;
                updatedAt: string;
                publishedBy: string | null;
                publishedAt: string | null;
                lexicon: {
                    name?: string;
                    terms?: {
                        term: string;
                        category: string;
                        synonyms?: string[];
                        weight?: number;
                        tag?: string;
                        note?: string;
                    }[];
                } & {
                    [key: string]: unknown;
                };
                scorecard: {
                    [key: string]: unknown;
                } | null;
            };
            imported: number;
            encoding: string;
        };
        LexiconDiff: {
            industry: string;
            extends: {
                from: string | null;
                to: string | null;
            };
            inherited: {
                extends: string | null;
                ancestors: {
                    industry: string;
                    name: string;
                    sequence: number;
                }[];
                inherited: {
                    term: string;
                    category: string;
                    synonyms?: string[];
                    weight?: number;
                    tag?: string;
                    note?: string;
                    inheritedFrom: string;
                }[];
                overrides: {
                    term: string;
                    inheritedFrom: string;
                }[];
                children: string[];
            };
            from: {
                sequence: number;
                versionId: string | null;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
            };
            to: {
                sequence: number;
                versionId: string | null;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
            };
            terms: {
                added: {
                    term: string;
                    category: string;
                    synonyms?: string[];
                    weight?: number;
                    tag?: string;
                    note?: string;
                }[];
                removed: {
                    term: string;
                    category: string;
                    synonyms?: string[];
                    weight?: number;
                    tag?: string;
                    note?: string;
                }[];
                changed: {
                    term: string;
                    before: {
                        term: string;
                        category: string;
                        synonyms?: string[];
                        weight?: number;
                        tag?: string;
                        note?: string;
                    };
                    after: {
                        term: string;
                        category: string;
                        synonyms?: string[];
                        weight?: number;
                        tag?: string;
                        note?: string;
                    };
                }[];
            };
            scorecardChanged: boolean;
            scorecard: {
                from: {
                    [key: string]: unknown;
                } | null;
                to: {
                    [key: string]: unknown;
                } | null;
            };
        };
        LexiconChangeRequestList: {
            items: {
                id: string;
                industry: string;
                appealId: string | null;
                change: {
                    [key: string]: unknown;
                };
                /** @enum {string} */
                status: "pending" | "accepted" | "declined";
                createdAt: string;
                decidedBy: string | null;
                decidedAt: string | null;
                note: string | null;
                draftSequence: number | null;
            }[];
        };
        LexiconChangeDecision: {
            request: {
                id: string;
                industry: string;
                appealId: string | null;
                change: {
                    [key: string]: unknown;
                };
                /** @enum {string} */
                status: "pending" | "accepted" | "declined";
                createdAt: string;
                decidedBy: string | null;
                decidedAt: string | null;
                note: string | null;
                draftSequence: number | null;
            };
            draft: {
                industry: string;
                sequence: number;
                versionId: string | null;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
                basedOn: number | null;
                rollbackOf: number | null;
                note: string | null;
                createdBy: string | null;
                createdAt: string;
                updatedAt: string;
                publishedBy: string | null;
                publishedAt: string | null;
                lexicon: {
                    name?: string;
                    terms?: {
                        term: string;
                        category: string;
                        synonyms?: string[];
                        weight?: number;
                        tag?: string;
                        note?: string;
                    }[];
                } & {
                    [key: string]: unknown;
                };
                scorecard: {
                    [key: string]: unknown;
                } | null;
            } | null;
        };
        LexiconPublished: {
            version: {
                industry: string;
                sequence: number;
                versionId: string | null;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
                basedOn: number | null;
                rollbackOf: number | null;
                note: string | null;
                createdBy: string | null;
                createdAt: string;
                updatedAt: string;
                publishedBy: string | null;
                publishedAt: string | null;
                lexicon: {
                    name?: string;
                    terms?: {
                        term: string;
                        category: string;
                        synonyms?: string[];
                        weight?: number;
                        tag?: string;
                        note?: string;
                    }[];
                } & {
                    [key: string]: unknown;
                };
                scorecard: {
                    [key: string]: unknown;
                } | null;
            };
            run: {
                id: string;
                industry: string;
                versionId: string;
                since: string | null;
                /** @enum {string} */
                status: "running" | "done" | "failed";
                total: number;
                planned: boolean;
                done: number;
                changed: number;
                failed: number;
                createdBy: string | null;
                createdAt: string;
                finishedAt: string | null;
            } | null;
        };
        RescoreStarted: {
            run: {
                id: string;
                industry: string;
                versionId: string;
                since: string | null;
                /** @enum {string} */
                status: "running" | "done" | "failed";
                total: number;
                planned: boolean;
                done: number;
                changed: number;
                failed: number;
                createdBy: string | null;
                createdAt: string;
                finishedAt: string | null;
            };
        };
        RescoreRunList: {
            items: {
                id: string;
                industry: string;
                versionId: string;
                since: string | null;
                /** @enum {string} */
                status: "running" | "done" | "failed";
                total: number;
                planned: boolean;
                done: number;
                changed: number;
                failed: number;
                createdBy: string | null;
                createdAt: string;
                finishedAt: string | null;
            }[];
        };
        RescoreRunProgress: {
            run: {
                id: string;
                industry: string;
                versionId: string;
                since: string | null;
                /** @enum {string} */
                status: "running" | "done" | "failed";
                total: number;
                planned: boolean;
                done: number;
                changed: number;
                failed: number;
                createdBy: string | null;
                createdAt: string;
                finishedAt: string | null;
                percent: number;
            };
            results: {
                runId: string;
                callId: string;
                beforeTotal: number | null;
                afterTotal: number | null;
                beforeDimensions: {
                    [key: string]: number | null;
                } | null;
                afterDimensions: {
                    [key: string]: number | null;
                } | null;
                beforeLexiconVersion: string | null;
                findingsAdded: number;
                findingsRemoved: number;
                at: string;
            }[];
        };
        FeedbackPackResponse: {
            pack: {
                id: string;
                repId: string;
                teamId: string | null;
                /** @enum {string} */
                trigger: "on_demand" | "schedule";
                runKey: string | null;
                asOf: string;
                windowFrom: string;
                windowTo: string;
                timeZone: string;
                lexiconVersions: string[];
                scorecardVersions: string[];
                generatedBy: string | null;
                createdAt: string;
            };
            data: {
                formatVersion: number;
                rep: {
                    id: string;
                    name: string;
                    teamId: string | null;
                    teamName: string | null;
                };
                /** @enum {string} */
                trigger: "on_demand" | "schedule";
                asOf: string;
                timeZone: string;
                window: {
                    from: string;
                    to: string;
                    fromDay: string;
                    toDay: string;
                    days: number;
                };
                calls: {
                    count: number;
                    underAppeal: number;
                    underAppealCallIds: string[];
                };
                benchmark: {
                    fraction: number;
                    minReps: number;
                    rankedReps: number;
                    groupSize: number;
                    reps: {
                        id: string;
                        name: string;
                        total: number;
                    }[];
                    repIsInGroup: boolean;
                };
                radar: {
                    /** @enum {string} */
                    id: "lead_activation" | "need_diagnosis" | "solution_presentation" | "objection_handling" | "closing";
                    nameZh: string;
                    rep: number | null;
                    team: number | null;
                    top: number | null;
                }[];
                total: {
                    rep: number | null;
                    team: number | null;
                    top: number | null;
                };
                metrics: {
                    id: string;
                    nameZh: string;
                    /** @enum {string} */
                    unit: "ratio" | "count" | "sec" | "ms" | "points";
                    rep: number | null;
                    team: number | null;
                    top: number | null;
                }[];
                trend: {
                    weeks: {
                        week: string;
                        from: string;
                        to: string;
                        calls: number;
                        partial: boolean;
                    }[];
                    series: {
                        id: string;
                        /** @enum {string} */
                        kind: "dimension" | "metric";
                        nameZh: string;
                        /** @enum {string} */
                        unit: "ratio" | "count" | "sec" | "ms" | "points";
                        values: (number | null)[];
                        direction: ("up" | "down" | "flat") | null;
                        delta: number | null;
                        improving: boolean | null;
                    }[];
                };
                gaps: {
                    rank: number;
                    /** @enum {string} */
                    metric: "opening_intro" | "opening_purpose" | "opening_permission" | "early_engagement" | "open_question_ratio" | "question_count" | "restatement_accuracy" | "implicit_needs_identified" | "needs_linked_to_solution" | "evidence_use" | "longest_monologue_sec" | "objections_handled" | "alternatives_offered" | "clarifying_questions" | "objections_resolved" | "objection_latency_ms" | "next_step_proposed" | "next_step_dated" | "commitment_asked" | "talk_ratio";
                    labelZh: string;
                    /** @enum {string} */
                    dimension: "lead_activation" | "need_diagnosis" | "solution_presentation" | "objection_handling" | "closing";
                    dimensionZh: string;
                    repScore: number;
                    referenceScore: number;
                    gap: number;
                    weight: number;
                    impact: number;
                    /** @enum {string} */
                    reference: "top_quartile" | "target";
                    raw: {
                        kpi: string;
                        /** @enum {string} */
                        unit: "ratio" | "count" | "sec" | "ms" | "points";
                        rep: number | null;
                        team: number | null;
                        reference: number | null;
                    };
                }[];
                suggestions: {
                    rank: number;
                    metric: string;
                    gapRank: number;
                    text: string;
                    actionZh: string;
                    quantified: {
                        /** @enum {string} */
                        unit: "ratio" | "count" | "sec" | "ms" | "points";
                        rep: number | null;
                        reference: number | null;
                        relativePct: number | null;
                        gapPoints: number;
                    };
                    examples: {
                        /** @enum {string} */
                        bad: "opening_without_intro" | "opening_with_intro" | "opening_without_purpose" | "opening_with_purpose" | "opening_without_permission" | "opening_with_permission" | "low_early_engagement" | "high_early_engagement" | "question_closed" | "question_open" | "few_questions" | "restatement_inaccurate" | "restatement_accurate" | "need_missed" | "need_identified" | "need_without_solution" | "need_with_solution" | "response_without_evidence" | "response_with_evidence" | "longest_monologue" | "objection_unhandled" | "objection_handled" | "objection_without_alternative" | "objection_with_alternative" | "objection_without_clarify" | "objection_with_clarify" | "objection_unresolved" | "objection_resolved" | "objection_instant_reply" | "objection_paused" | "call_without_next_step" | "next_step" | "next_step_undated" | "next_step_dated" | "next_step_without_commitment" | "next_step_with_commitment" | "high_talk_ratio" | "low_talk_ratio";
                        good: ("opening_without_intro" | "opening_with_intro" | "opening_without_purpose" | "opening_with_purpose" | "opening_without_permission" | "opening_with_permission" | "low_early_engagement" | "high_early_engagement" | "question_closed" | "question_open" | "few_questions" | "restatement_inaccurate" | "restatement_accurate" | "need_missed" | "need_identified" | "need_without_solution" | "need_with_solution" | "response_without_evidence" | "response_with_evidence" | "longest_monologue" | "objection_unhandled" | "objection_handled" | "objection_without_alternative" | "objection_with_alternative" | "objection_without_clarify" | "objection_with_clarify" | "objection_unresolved" | "objection_resolved" | "objection_instant_reply" | "objection_paused" | "call_without_next_step" | "next_step" | "next_step_undated" | "next_step_dated" | "next_step_without_commitment" | "next_step_with_commitment" | "high_talk_ratio" | "low_talk_ratio") | null;
                    };
                    badExample: {
                        callId: string;
                        repId: string;
                        repName: string;
                        occurredAt: string;
                        findingId: string | null;
                        utterances: {
                            id: string;
                            /** @enum {string} */
                            speaker: "rep" | "customer";
                            text: string;
                        }[];
                    } | null;
                    goodExample: {
                        callId: string;
                        repId: string;
                        repName: string;
                        occurredAt: string;
                        findingId: string | null;
                        utterances: {
                            id: string;
                            /** @enum {string} */
                            speaker: "rep" | "customer";
                            text: string;
                        }[];
                    } | null;
                }[];
                goals: {
                    id: string;
                    metric: string;
                    nameZh: string;
                    /** @enum {string} */
                    unit: "ratio" | "count" | "sec" | "ms" | "points";
                    /** @enum {string} */
                    comparator: ">=" | "<=";
                    target: number;
                    periodFrom: string;
                    periodTo: string;
                    minCalls: number;
                    /** @enum {string} */
                    state: "on_track" | "behind" | "achieved" | "missed" | "too_few_calls" | "not_started";
                    stateZh: string;
                    value: number | null;
                    calls: number;
                    callIds: string[];
                }[];
                appeals: {
                    id: string;
                    callId: string;
                    status: string;
                    label: string | null;
                    filedAt: string;
                    dueAt: string;
                }[];
                concerns: {
                    term: string;
                    /** @enum {string} */
                    kind: "need" | "objection";
                    count: number;
                }[];
                sources: {
                    lexiconVersions: string[];
                    scorecardVersions: string[];
                    calls: {
                        id: string;
                        revision: number;
                    }[];
                };
            };
        };
        FeedbackPackList: {
            items: {
                id: string;
                repId: string;
                teamId: string | null;
                /** @enum {string} */
                trigger: "on_demand" | "schedule";
                runKey: string | null;
                asOf: string;
                windowFrom: string;
                windowTo: string;
                timeZone: string;
                lexiconVersions: string[];
                scorecardVersions: string[];
                generatedBy: string | null;
                createdAt: string;
            }[];
        };
        TeamHeatmap: {
            teamId: string;
            at: string;
            weeks: {
                week: string;
                from: string;
                to: string;
            }[];
            actions: {
                /** @enum {string} */
                id: "opening" | "need_confirmation" | "solution" | "objection_handling" | "quote_next_step";
                nameZh: string;
            }[];
            reps: {
                repId: string;
                name: string;
                cells: {
                    week: string;
                    /** @enum {string} */
                    action: "opening" | "need_confirmation" | "solution" | "objection_handling" | "quote_next_step";
                    calls: number;
                    reach: number | null;
                    frequency: number | null;
                    avgDurationSec: number | null;
                    conversion: number | null;
                }[];
            }[];
        };
        TeamMetrics: {
            teamId: string;
            teamName: string | null;
            asOf: string;
            window: {
                fromDay: string;
                toDay: string;
                from: string;
            };
            timeZone: string;
            metrics: {
                id: string;
                nameZh: string;
                unit: string;
            }[];
            reps: {
                repId: string;
                name: string;
                rank: number | null;
                topQuartile: boolean;
                stats: {
                    calls: number;
                    total: number | null;
                    dimensions: {
                        lead_activation: number | null;
                        need_diagnosis: number | null;
                        solution_presentation: number | null;
                        objection_handling: number | null;
                        closing: number | null;
                    };
                    items: {
                        [key: string]: number | null;
                    };
                    kpis: {
                        [key: string]: number | null;
                    };
                };
            }[];
            team: {
                calls: number;
                total: number | null;
                dimensions: {
                    lead_activation: number | null;
                    need_diagnosis: number | null;
                    solution_presentation: number | null;
                    objection_handling: number | null;
                    closing: number | null;
                };
                items: {
                    [key: string]: number | null;
                };
                kpis: {
                    [key: string]: number | null;
                };
            };
            top: {
                calls: number;
                total: number | null;
                dimensions: {
                    lead_activation: number | null;
                    need_diagnosis: number | null;
                    solution_presentation: number | null;
                    objection_handling: number | null;
                    closing: number | null;
                };
                items: {
                    [key: string]: number | null;
                };
                kpis: {
                    [key: string]: number | null;
                };
            };
            topRepIds: string[];
        };
        CustomerQuestions: {
            teamId: string;
            industry: string | null;
            from: string;
            to: string;
            total: number;
            truncated: boolean;
            clusters: {
                key: string;
                label: string;
                concepts: string[];
                count: number;
                calls: number;
                examples: {
                    callId: string;
                    utteranceId: string;
                    occurredAt: string;
                    text: string;
                }[];
            }[];
        };
        GoalMetricList: {
            items: {
                id: string;
                nameZh: string;
                /** @enum {string} */
                unit: "ratio" | "count" | "sec" | "ms" | "points";
                /** @enum {string} */
                comparator: ">=" | "<=";
            }[];
        };
        GoalView: {
            id: string;
            repId: string;
            teamId: string | null;
            metric: string;
            /** @enum {string} */
            comparator: ">=" | "<=";
            target: number;
            periodFrom: string;
            periodTo: string;
            minCalls: number;
            note: string | null;
            /** @enum {string} */
            status: "active" | "cancelled";
            createdBy: string | null;
            createdAt: string;
            state: ("on_track" | "behind" | "achieved" | "missed" | "too_few_calls") | null;
            value: number | null;
            callCount: number | null;
            callIds: string[] | null;
            evaluatedAt: string | null;
            evaluation: {
                id: string;
                metric: string;
                nameZh: string;
                /** @enum {string} */
                unit: "ratio" | "count" | "sec" | "ms" | "points";
                /** @enum {string} */
                comparator: ">=" | "<=";
                target: number;
                periodFrom: string;
                periodTo: string;
                minCalls: number;
                /** @enum {string} */
                state: "on_track" | "behind" | "achieved" | "missed" | "too_few_calls" | "not_started";
                stateZh: string;
                value: number | null;
                calls: number;
                callIds: string[];
            };
        };
        GoalList: {
            items: {
                id: string;
                repId: string;
                teamId: string | null;
                metric: string;
                /** @enum {string} */
                comparator: ">=" | "<=";
                target: number;
                periodFrom: string;
                periodTo: string;
                minCalls: number;
                note: string | null;
                /** @enum {string} */
                status: "active" | "cancelled";
                createdBy: string | null;
                createdAt: string;
                state: ("on_track" | "behind" | "achieved" | "missed" | "too_few_calls") | null;
                value: number | null;
                callCount: number | null;
                callIds: string[] | null;
                evaluatedAt: string | null;
                evaluation: {
                    id: string;
                    metric: string;
                    nameZh: string;
                    /** @enum {string} */
                    unit: "ratio" | "count" | "sec" | "ms" | "points";
                    /** @enum {string} */
                    comparator: ">=" | "<=";
                    target: number;
                    periodFrom: string;
                    periodTo: string;
                    minCalls: number;
                    /** @enum {string} */
                    state: "on_track" | "behind" | "achieved" | "missed" | "too_few_calls" | "not_started";
                    stateZh: string;
                    value: number | null;
                    calls: number;
                    callIds: string[];
                };
            }[];
        };
        ModelWhatIfReport: {
            calls: number;
            callsChanged: number;
            scoresChanged: number;
            findingsAdded: number;
            findingsRemoved: number;
            /** @description mean change of the total over the compared calls */
            meanTotalDelta: number;
            dimensionsChanged: {
                [key: string]: number;
            };
            examples: {
                callId: string;
                repName: string;
                /** @description ISO 8601 */
                occurredAt: string;
                customer: {
                    name: string | null;
                    company: string | null;
                } | null;
                totalBefore: number | null;
                totalAfter: number | null;
                added: {
                    utteranceId: string;
                    utteranceIndex: number | null;
                    startMs: number | null;
                    label: string;
                    term: string | null;
                    quote: string;
                }[];
                removed: {
                    utteranceId: string;
                    utteranceIndex: number | null;
                    startMs: number | null;
                    label: string;
                    term: string | null;
                }[];
            }[];
            version: string;
            basedOn: string;
            elapsedMs: number;
        };
        ModelWhatIfResponse: {
            whatIf: {
                calls: number;
                callsChanged: number;
                scoresChanged: number;
                findingsAdded: number;
                findingsRemoved: number;
                /** @description mean change of the total over the compared calls */
                meanTotalDelta: number;
                dimensionsChanged: {
                    [key: string]: number;
                };
                examples: {
                    callId: string;
                    repName: string;
                    /** @description ISO 8601 */
                    occurredAt: string;
                    customer: {
                        name: string | null;
                        company: string | null;
                    } | null;
                    totalBefore: number | null;
                    totalAfter: number | null;
                    added: {
                        utteranceId: string;
                        utteranceIndex: number | null;
                        startMs: number | null;
                        label: string;
                        term: string | null;
                        quote: string;
                    }[];
                    removed: {
                        utteranceId: string;
                        utteranceIndex: number | null;
                        startMs: number | null;
                        label: string;
                        term: string | null;
                    }[];
                }[];
                version: string;
                basedOn: string;
                elapsedMs: number;
            };
        };
        ModelList: {
            current: string;
            versions: {
                version: string;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
                basedOn: string;
                appealIds: string[];
                guard: {
                    calls: number;
                    maxDrop: number;
                    labels: {
                        label: string;
                        gold: number;
                        before: number;
                        after: number;
                        delta: number;
                        ok: boolean;
                    }[];
                    publishable: boolean;
                    erasedExamples?: {
                        appeals: number;
                        ref: string;
                        at: string;
                    };
                };
                whatIf: {
                    calls: number;
                    callsChanged: number;
                    scoresChanged: number;
                    findingsAdded: number;
                    findingsRemoved: number;
                    /** @description mean change of the total over the compared calls */
                    meanTotalDelta: number;
                    dimensionsChanged: {
                        [key: string]: number;
                    };
                    examples: {
                        callId: string;
                        repName: string;
                        /** @description ISO 8601 */
                        occurredAt: string;
                        customer: {
                            name: string | null;
                            company: string | null;
                        } | null;
                        totalBefore: number | null;
                        totalAfter: number | null;
                        added: {
                            utteranceId: string;
                            utteranceIndex: number | null;
                            startMs: number | null;
                            label: string;
                            term: string | null;
                            quote: string;
                        }[];
                        removed: {
                            utteranceId: string;
                            utteranceIndex: number | null;
                            startMs: number | null;
                            label: string;
                            term: string | null;
                        }[];
                    }[];
                    version: string;
                    basedOn: string;
                    elapsedMs: number;
                } | null;
                note: string | null;
                createdBy: string | null;
                createdAt: string;
                publishedBy: string | null;
                publishedAt: string | null;
            }[];
        };
        ModelVersion: {
            version: string;
            /** @enum {string} */
            status: "draft" | "published" | "discarded";
            basedOn: string;
            appealIds: string[];
            guard: {
                calls: number;
                maxDrop: number;
                labels: {
                    label: string;
                    gold: number;
                    before: number;
                    after: number;
                    delta: number;
                    ok: boolean;
                }[];
                publishable: boolean;
                erasedExamples?: {
                    appeals: number;
                    ref: string;
                    at: string;
                };
            };
            whatIf: {
                calls: number;
                callsChanged: number;
                scoresChanged: number;
                findingsAdded: number;
                findingsRemoved: number;
                /** @description mean change of the total over the compared calls */
                meanTotalDelta: number;
                dimensionsChanged: {
                    [key: string]: number;
                };
                examples: {
                    callId: string;
                    repName: string;
                    /** @description ISO 8601 */
                    occurredAt: string;
                    customer: {
                        name: string | null;
                        company: string | null;
                    } | null;
                    totalBefore: number | null;
                    totalAfter: number | null;
                    added: {
                        utteranceId: string;
                        utteranceIndex: number | null;
                        startMs: number | null;
                        label: string;
                        term: string | null;
                        quote: string;
                    }[];
                    removed: {
                        utteranceId: string;
                        utteranceIndex: number | null;
                        startMs: number | null;
                        label: string;
                        term: string | null;
                    }[];
                }[];
                version: string;
                basedOn: string;
                elapsedMs: number;
            } | null;
            note: string | null;
            createdBy: string | null;
            createdAt: string;
            publishedBy: string | null;
            publishedAt: string | null;
        };
        ModelVersionResponse: {
            model: {
                version: string;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
                basedOn: string;
                appealIds: string[];
                guard: {
                    calls: number;
                    maxDrop: number;
                    labels: {
                        label: string;
                        gold: number;
                        before: number;
                        after: number;
                        delta: number;
                        ok: boolean;
                    }[];
                    publishable: boolean;
                    erasedExamples?: {
                        appeals: number;
                        ref: string;
                        at: string;
                    };
                };
                whatIf: {
                    calls: number;
                    callsChanged: number;
                    scoresChanged: number;
                    findingsAdded: number;
                    findingsRemoved: number;
                    /** @description mean change of the total over the compared calls */
                    meanTotalDelta: number;
                    dimensionsChanged: {
                        [key: string]: number;
                    };
                    examples: {
                        callId: string;
                        repName: string;
                        /** @description ISO 8601 */
                        occurredAt: string;
                        customer: {
                            name: string | null;
                            company: string | null;
                        } | null;
                        totalBefore: number | null;
                        totalAfter: number | null;
                        added: {
                            utteranceId: string;
                            utteranceIndex: number | null;
                            startMs: number | null;
                            label: string;
                            term: string | null;
                            quote: string;
                        }[];
                        removed: {
                            utteranceId: string;
                            utteranceIndex: number | null;
                            startMs: number | null;
                            label: string;
                            term: string | null;
                        }[];
                    }[];
                    version: string;
                    basedOn: string;
                    elapsedMs: number;
                } | null;
                note: string | null;
                createdBy: string | null;
                createdAt: string;
                publishedBy: string | null;
                publishedAt: string | null;
            };
        };
        ModelDraftResponse: {
            draft: {
                version: string;
                /** @enum {string} */
                status: "draft" | "published" | "discarded";
                basedOn: string;
                appealIds: string[];
                appealUtterances: number;
                guard: {
                    calls: number;
                    maxDrop: number;
                    labels: {
                        label: string;
                        gold: number;
                        before: number;
                        after: number;
                        delta: number;
                        ok: boolean;
                    }[];
                    publishable: boolean;
                    erasedExamples?: {
                        appeals: number;
                        ref: string;
                        at: string;
                    };
                };
                elapsedMs: number;
                created: boolean;
            };
        };
        ModelPublished: {
            version: string;
            rescoreRuns: {
                industry: string;
                runId: string;
            }[];
        };
        RetentionReport: {
            dryRun: boolean;
            at: string;
            /** @enum {string} */
            trigger: "schedule" | "cli" | "api";
            policy: {
                audio: number | null;
                transcripts: number | null;
                analyses: number | null;
                feedback: number | null;
                imports: number | null;
                audit: number | null;
            };
            cutoffs: {
                audio: string | null;
                transcripts: string | null;
                analyses: string | null;
                feedback: string | null;
                imports: string | null;
                audit: string | null;
            };
            counts: {
                analyses: {
                    calls: number;
                    utterances: number;
                    appeals: number;
                    feedbackPacks: number;
                    notifications: number;
                    auditEntriesRedacted: number;
                    dayAggregates: number;
                };
                transcripts: {
                    calls: number;
                    utterances: number;
                };
                audio: {
                    recordings: number;
                    files: number;
                };
                feedback: {
                    packs: number;
                    notifications: number;
                };
                imports: {
                    reports: number;
                    files: number;
                };
                audit: {
                    entries: number;
                };
            };
            auditId: number | null;
            /** @constant */
            skipped?: "already_running";
        };
        RetentionState: {
            policy: {
                audio: number | null;
                transcripts: number | null;
                analyses: number | null;
                feedback: number | null;
                imports: number | null;
                audit: number | null;
            };
            lastRun: {
                auditId: number;
                at: string;
                actorUserId: string | null;
                report: {
                    trigger: string;
                    counts: {
                        analyses: {
                            calls: number;
                            utterances: number;
                            appeals: number;
                            feedbackPacks: number;
                            notifications: number;
                            auditEntriesRedacted: number;
                            dayAggregates: number;
                        };
                        transcripts: {
                            calls: number;
                            utterances: number;
                        };
                        audio: {
                            recordings: number;
                            files: number;
                        };
                        feedback: {
                            packs: number;
                            notifications: number;
                        };
                        imports: {
                            reports: number;
                            files: number;
                        };
                        audit: {
                            entries: number;
                        };
                    };
                } | null;
            } | null;
            next: {
                dryRun: boolean;
                at: string;
                /** @enum {string} */
                trigger: "schedule" | "cli" | "api";
                policy: {
                    audio: number | null;
                    transcripts: number | null;
                    analyses: number | null;
                    feedback: number | null;
                    imports: number | null;
                    audit: number | null;
                };
                cutoffs: {
                    audio: string | null;
                    transcripts: string | null;
                    analyses: string | null;
                    feedback: string | null;
                    imports: string | null;
                    audit: string | null;
                };
                counts: {
                    analyses: {
                        calls: number;
                        utterances: number;
                        appeals: number;
                        feedbackPacks: number;
                        notifications: number;
                        auditEntriesRedacted: number;
                        dayAggregates: number;
                    };
                    transcripts: {
                        calls: number;
                        utterances: number;
                    };
                    audio: {
                        recordings: number;
                        files: number;
                    };
                    feedback: {
                        packs: number;
                        notifications: number;
                    };
                    imports: {
                        reports: number;
                        files: number;
                    };
                    audit: {
                        entries: number;
                    };
                };
                auditId: number | null;
                /** @constant */
                skipped?: "already_running";
            };
        };
        RetentionRunResponse: {
            run: {
                dryRun: boolean;
                at: string;
                /** @enum {string} */
                trigger: "schedule" | "cli" | "api";
                policy: {
                    audio: number | null;
                    transcripts: number | null;
                    analyses: number | null;
                    feedback: number | null;
                    imports: number | null;
                    audit: number | null;
                };
                cutoffs: {
                    audio: string | null;
                    transcripts: string | null;
                    analyses: string | null;
                    feedback: string | null;
                    imports: string | null;
                    audit: string | null;
                };
                counts: {
                    analyses: {
                        calls: number;
                        utterances: number;
                        appeals: number;
                        feedbackPacks: number;
                        notifications: number;
                        auditEntriesRedacted: number;
                        dayAggregates: number;
                    };
                    transcripts: {
                        calls: number;
                        utterances: number;
                    };
                    audio: {
                        recordings: number;
                        files: number;
                    };
                    feedback: {
                        packs: number;
                        notifications: number;
                    };
                    imports: {
                        reports: number;
                        files: number;
                    };
                    audit: {
                        entries: number;
                    };
                };
                auditId: number | null;
                /** @constant */
                skipped?: "already_running";
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
