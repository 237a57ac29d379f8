import type { Who } from '../../tests/helpers/hostile-requests.js';
import { type Outcome, type Sent, send } from './http-client.js';
import type { Attempt } from './tally.js';

/**
 * The state of one chaos scenario (one deployment shape): where the API is, the tokens, every
 * request's outcome, and every call POSTed with the ids the server acknowledged for it.
 */
export class ChaosSession {
  readonly attempts: Attempt[] = [];
  /** externalId → call ids acknowledged (2xx with a call) for it. */
  readonly submitted = new Map<string, Set<string>>();
  /** externalId → the phase that first POSTed it. */
  readonly phaseOf = new Map<string, string>();
  /** externalId → the JSON body, to POST it again when it was never acknowledged. */
  private readonly bodies = new Map<string, Buffer>();
  /** Answers that differ from what a hostile row expects, outside outages (printed, not counted). */
  readonly mismatches: string[] = [];
  /** What the run saw at each fault (status counts at a kill, recovery times), for the report. */
  readonly notes: string[] = [];
  phase = '';
  /** True while a dependency (or the server itself) is deliberately down. */
  outage = false;
  private nextSource = 10;

  constructor(
    readonly label: string,
    readonly baseUrl: string,
    readonly tokens: Record<Who, string>,
  ) {}

  private phaseStart = 0;

  /** Starts the next phase; the time the previous one took goes to the notes. */
  beginPhase(name: string): void {
    this.endPhase();
    this.phase = name;
    this.phaseStart = Date.now();
  }

  endPhase(): void {
    if (this.phase) this.notes.push(`${this.phase}: ${((Date.now() - this.phaseStart) / 1000).toFixed(1)} s`);
  }

  /** A loopback source address no earlier request used (the sign-in limiter counts per address). */
  freshSource(): string {
    this.nextSource += 1;
    return `127.0.0.${this.nextSource}`;
  }

  /** Sends one request and records its outcome in the current phase. */
  async send(label: string, sent: Sent, mayClose = false): Promise<Outcome> {
    const outage = this.outage;
    const o = await send(this.baseUrl, sent);
    this.attempts.push({
      phase: this.phase,
      label,
      kind: o.kind,
      ...(o.kind === 'answer' ? { status: o.status } : {}),
      ms: o.ms,
      // A request that started or ended in an outage.
      outage: outage || this.outage,
      ...(mayClose ? { mayClose } : {}),
    });
    return o;
  }

  /** Remembers a call body POSTed under `externalId` (a retry re-sends the same bytes). */
  noteSubmitted(externalId: string, body: Buffer): void {
    if (!this.submitted.has(externalId)) {
      this.submitted.set(externalId, new Set());
      this.phaseOf.set(externalId, this.phase);
    }
    this.bodies.set(externalId, body);
  }

  /** Records an acknowledgement: a 2xx answer naming the stored call. */
  noteAcknowledged(externalId: string, o: Outcome): boolean {
    if (o.kind !== 'answer' || o.status < 200 || o.status > 299) return false;
    const id = (o.body as { call?: { id?: unknown } } | undefined)?.call?.id;
    if (typeof id !== 'string') return false;
    this.submitted.get(externalId)?.add(id);
    return true;
  }

  /** POSTs a call as the admin; true when the server acknowledged it. */
  async postCall(label: string, externalId: string, body: Buffer, from?: string): Promise<boolean> {
    this.noteSubmitted(externalId, body);
    const o = await this.send(label, {
      method: 'POST',
      path: '/v1/calls',
      headers: { Authorization: `Bearer ${this.tokens.admin}`, 'Content-Type': 'application/json' },
      body,
      ...(from ? { from } : {}),
    });
    return this.noteAcknowledged(externalId, o);
  }

  /** Calls POSTed but never acknowledged (refused, reset or 503 during an outage). */
  unacknowledged(): { externalId: string; body: Buffer }[] {
    return [...this.submitted]
      .filter(([, ids]) => ids.size === 0)
      .map(([externalId]) => ({ externalId, body: this.bodies.get(externalId)! }));
  }
}
