import { describe, expect, it } from 'vitest';
import { GENERATOR_INDUSTRIES, generateCall, generateCalls } from '../../bench/call-generator.js';
import { parseTranscript } from '../../models/transcript.js';

const calls = generateCalls(20);

function charCount(call: { utterances: { text: string }[] }): number {
  return call.utterances.reduce((sum, u) => sum + [...u.text].length, 0);
}

describe('bench call generator', () => {
  it('gives the same call for the same seed and industry', () => {
    expect(JSON.stringify(generateCall(7, 'saas'))).toBe(JSON.stringify(generateCall(7, 'saas')));
    expect(JSON.stringify(generateCalls(3))).toBe(JSON.stringify(generateCalls(3)));
  });

  it('gives different calls for different seeds and for different industries', () => {
    expect(JSON.stringify(generateCall(7, 'saas'))).not.toBe(JSON.stringify(generateCall(8, 'saas')));
    expect(JSON.stringify(generateCall(7, 'saas').utterances)).not.toBe(
      JSON.stringify(generateCall(7, 'retail').utterances),
    );
  });

  it('writes 20 pairwise distinct calls across the six industries', () => {
    const texts = calls.map((c) => c.utterances.map((u) => u.text).join('\n'));
    expect(new Set(texts).size).toBe(20);
    expect(new Set(calls.map((c) => c.industry))).toEqual(new Set(GENERATOR_INDUSTRIES));
  });

  it.each(calls.map((c, i) => [i + 1, c] as const))('call %i is a valid ~30-minute transcript', (_, call) => {
    const t = parseTranscript(call);
    expect(t.utterances.length).toBeGreaterThanOrEqual(250);
    expect(t.utterances.length).toBeLessThanOrEqual(350);
    const chars = charCount(call);
    expect(chars).toBeGreaterThanOrEqual(7_000);
    expect(chars).toBeLessThanOrEqual(11_000);
    for (let i = 0; i < t.utterances.length; i++) {
      const u = t.utterances[i]!;
      expect(u.end).toBeGreaterThanOrEqual(u.start);
      if (i > 0) expect(u.start).toBeGreaterThanOrEqual(t.utterances[i - 1]!.start);
    }
    const minutes = Math.max(...t.utterances.map((u) => u.end)) / 60_000;
    expect(minutes).toBeGreaterThanOrEqual(27);
    expect(minutes).toBeLessThanOrEqual(33);
    expect(new Set(t.utterances.map((u) => u.speaker))).toEqual(new Set(['rep', 'customer']));
  });

  it('leaves some utterances without punctuation, as ASR does', () => {
    for (const call of calls) {
      const bare = call.utterances.filter((u) => [...u.text].length > 10 && !/[，。？！]/.test(u.text));
      expect(bare.length).toBeGreaterThan(0);
    }
  });

  it('rejects an industry it has no vocabulary for', () => {
    expect(() => generateCall(1, 'aerospace')).toThrow(/unknown industry "aerospace"/);
  });
});
