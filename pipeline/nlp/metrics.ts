import type { Utterance } from '../../models/transcript.js';
import type { Metrics } from './types.js';

/** Gaps shorter than this join consecutive rep utterances into one monologue. */
const MONOLOGUE_JOIN_MS = 1500;

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Conversation mechanics of behaviours.md. Question counts come from the detectors. */
export function computeMetrics(
  utterances: readonly Utterance[],
  repQuestions: number,
  repOpenQuestions: number,
  customerQuestions: number,
): Metrics {
  const first = utterances[0];
  const callStart = first ? Math.min(...utterances.map((u) => u.start)) : 0;
  const callEnd = first ? Math.max(...utterances.map((u) => u.end)) : 0;
  const durationMs = Math.max(0, callEnd - callStart);
  let rep = 0;
  let customer = 0;
  for (const u of utterances) {
    if (u.speaker === 'rep') rep += u.end - u.start;
    else customer += u.end - u.start;
  }
  let longest = 0;
  let runStart = -1;
  let runEnd = -1;
  let switches = 0;
  let prevSpeaker: string | undefined;
  const pauses: number[] = [];
  let lastCustomerEnd: number | undefined;
  for (const u of utterances) {
    if (prevSpeaker && u.speaker !== prevSpeaker) switches++;
    prevSpeaker = u.speaker;
    if (u.speaker === 'rep') {
      if (runStart >= 0 && u.start - runEnd < MONOLOGUE_JOIN_MS) runEnd = Math.max(runEnd, u.end);
      else {
        runStart = u.start;
        runEnd = u.end;
      }
      longest = Math.max(longest, runEnd - runStart);
      if (lastCustomerEnd !== undefined) {
        pauses.push(Math.max(0, u.start - lastCustomerEnd));
        lastCustomerEnd = undefined;
      }
    } else {
      runStart = -1;
      lastCustomerEnd = u.end;
    }
  }
  const minutes = durationMs / 60_000;
  const per10 = (n: number) => (minutes > 0 ? round((n / minutes) * 10, 2) : 0);
  return {
    durationSec: round(durationMs / 1000, 1),
    repTalkSec: round(rep / 1000, 1),
    customerTalkSec: round(customer / 1000, 1),
    talkRatio: rep + customer > 0 ? round(rep / (rep + customer), 4) : 0,
    longestMonologueSec: round(longest / 1000, 1),
    interactivityPerMin: minutes > 0 ? round(switches / minutes, 2) : 0,
    patienceSec:
      pauses.length > 0 ? round(pauses.reduce((a, b) => a + b, 0) / pauses.length / 1000, 2) : null,
    repQuestions,
    repOpenQuestions,
    repQuestionsPer10Min: per10(repQuestions),
    customerQuestions,
    customerQuestionsPer10Min: per10(customerQuestions),
  };
}
