import { describe, expect, it } from 'vitest';
import { AppError } from '../../models/errors.js';
import { MAX_UTTERANCE_CHARS, parseTranscript, parseTranscriptJson } from '../../models/transcript.js';

const ok = {
  repId: 'rep-1',
  industry: 'saas',
  occurredAt: '2026-03-02T09:30:00+08:00',
  utterances: [
    { speaker: 'rep', start: 0, end: 1000, text: '您好' },
    { speaker: 'customer', start: 900, end: 2000, text: '你好' },
  ],
};

function problems(data: unknown): string[] {
  try {
    parseTranscript(data);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return ((err as AppError).details?.problems ?? []).map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

describe('transcript validation', () => {
  it('assigns u1, u2, … when ids are absent and keeps overlaps', () => {
    expect(parseTranscript(ok).utterances.map((u) => u.id)).toEqual(['u1', 'u2']);
  });

  it.each([
    [
      'missing field',
      { ...ok, repId: undefined },
      'repId: Invalid input: expected string, received undefined',
    ],
    [
      'end before start',
      { ...ok, utterances: [{ speaker: 'rep', start: 500, end: 100, text: '好' }] },
      'utterances[0].end: end must be >= start',
    ],
    [
      'empty text',
      { ...ok, utterances: [{ speaker: 'rep', start: 0, end: 100, text: '  ' }] },
      'utterances[0].text: must not be empty',
    ],
    [
      'bad speaker',
      { ...ok, utterances: [{ speaker: 'agent', start: 0, end: 100, text: '好' }] },
      'utterances[0].speaker',
    ],
    ['unknown key', { ...ok, notes: 'x' }, '(root): Unrecognized key: "notes"'],
    ['no utterances', { ...ok, utterances: [] }, 'utterances: must hold at least one utterance'],
    ['bad date', { ...ok, occurredAt: 'yesterday' }, 'occurredAt'],
    [
      'out of order',
      { ...ok, utterances: [ok.utterances[1], ok.utterances[0]] },
      'utterances[1].start: utterances must be in time order',
    ],
    [
      'duplicate id',
      {
        ...ok,
        utterances: [
          { ...ok.utterances[0], id: 'a' },
          { ...ok.utterances[1], id: 'a' },
        ],
      },
      'utterances[1].id: duplicate id "a"',
    ],
  ])('%s is an input error naming the field', (_name, data, expected) => {
    expect(problems(data).some((p) => p.startsWith(expected))).toBe(true);
  });

  it('rejects 10 MB of text in one utterance with a clear message', () => {
    const big = '好'.repeat((10 * 1024 * 1024) / 3);
    expect(problems({ ...ok, utterances: [{ speaker: 'rep', start: 0, end: 1, text: big }] })).toEqual([
      `utterances[0].text: is longer than ${MAX_UTTERANCE_CHARS} characters; split the utterance`,
    ]);
  });

  it('reports malformed JSON with its position', () => {
    expect(() => parseTranscriptJson('{"repId": ')).toThrow(/malformed JSON/);
  });
});
