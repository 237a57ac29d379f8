/**
 * Who is the rep: the vendor's channel or speaker ids mapped to rep/customer. By the `channels`
 * map when given; by the table's own role words (销售/客户); else by the role model of
 * recordings (pipeline/audio/speaker-roles.core.ts): one id (a mono recording without
 * diarisation) → segment by segment; two or more ids → the id with the most rep evidence is
 * the rep, the others the customer side.
 */
import type { CompiledLexicon } from '../../lexicons/lexicon.compile.js';
import { AppError, ErrorCode } from '../../models/errors.js';
import type { Speaker } from '../../models/transcript.js';
import { assignMonoRoles, roleEvidence } from '../audio/speaker-roles.core.js';
import { roleWord } from './table.adapter.js';
import type { SpeakerKind, VendorSentence } from './vendor-transcript.js';

/** A channel map: vendor id (or `left`/`right` for channels 0/1) → role. */
export type ChannelMap = Readonly<Record<string, Speaker>>;

export interface RoleResult {
  speakers: Speaker[];
  source: 'map' | 'label' | 'inferred';
  /** 0.5-1: how sure the inference is (1 for a map or role words). */
  confidence: number;
}

const ALIASES: Record<string, string> = { left: '0', right: '1', l: '0', r: '1', 左: '0', 右: '1' };

/** Parses `0=rep,1=customer` (also `left=rep`, `销售=rep`); errors name the bad part. */
export function parseChannelMap(text: string): ChannelMap {
  const map: Record<string, Speaker> = {};
  for (const part of text.split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if (!key || (value !== 'rep' && value !== 'customer')) {
      throw new AppError(
        ErrorCode.InvalidInput,
        `--channels 格式应为 "0=rep,1=customer"，无法理解 "${part.trim()}"`,
      );
    }
    map[ALIASES[key.toLowerCase()] ?? key] = value;
  }
  return map;
}

const QUESTION = /[？?]|吗[。，,.]?$/u;

/**
 * Assigns a role to every sentence. `lexicon` supplies the rep/customer cues of the role model
 * (the call's industry when known).
 */
export function assignRoles(
  sentences: readonly VendorSentence[],
  kind: SpeakerKind,
  lexicon: CompiledLexicon | undefined,
  channels?: ChannelMap,
): RoleResult {
  const ids = [...new Set(sentences.map((s) => s.speaker))];
  if (channels && Object.keys(channels).length > 0) {
    const missing = ids.filter((id) => channels[id] === undefined);
    if (missing.length > 0) {
      throw new AppError(
        ErrorCode.InvalidInput,
        `声道/说话人映射缺少 ${missing.map((m) => `"${m}"`).join('、')}（文件中出现的编号：${ids.join('、')}）`,
      );
    }
    return { speakers: sentences.map((s) => channels[s.speaker]!), source: 'map', confidence: 1 };
  }
  if (kind === 'role')
    return { speakers: sentences.map((s) => roleWord(s.speaker)!), source: 'label', confidence: 1 };
  if (!lexicon) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `无法判断哪一方是销售：请指定声道/说话人映射 channels（如 0=rep,1=customer；文件中出现的编号：${ids.join('、')}）`,
    );
  }
  if (ids.length <= 1) {
    const attributed = assignMonoRoles(sentences, lexicon);
    const confidence = attributed.reduce((sum, a) => sum + a.confidence, 0) / Math.max(1, attributed.length);
    return {
      speakers: attributed.map((a) => a.speaker),
      source: 'inferred',
      confidence: Math.round(confidence * 1000) / 1000,
    };
  }
  const evidence = new Map<string, { score: number; questions: number; first: number }>();
  sentences.forEach((s, i) => {
    const e = evidence.get(s.speaker) ?? { score: 0, questions: 0, first: i };
    e.score += roleEvidence(s.text, lexicon);
    if (QUESTION.test(s.text)) e.questions++;
    evidence.set(s.speaker, e);
  });
  // Most rep evidence; on a tie the one asking more questions, then the one who spoke first.
  const ranked = [...evidence.entries()].sort(
    ([, a], [, b]) => b.score - a.score || b.questions - a.questions || a.first - b.first,
  );
  const rep = ranked[0]![0];
  const diff = ranked[0]![1].score - ranked[1]![1].score;
  const p = 1 / (1 + Math.exp(-diff / 2));
  return {
    speakers: sentences.map((s) => (s.speaker === rep ? 'rep' : 'customer')),
    source: 'inferred',
    confidence: Math.round(Math.max(p, 1 - p) * 1000) / 1000,
  };
}
