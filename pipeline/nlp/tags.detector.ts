import type { CompiledLexicon } from '../../lexicons/lexicon.compile.js';
import type { ObjectionMatch } from './objection.detector.js';
import { namedVendor } from './objection.patterns.js';
import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';
import { type SpecTag, TAG_NAMES_ZH, type TagResult } from './types.js';

type Evidence = TagResult['evidence'][number];

/** How long / when: a duration or a date asked for. */
const HOW_LONG = /多久|多长时间|多少天|几天|几周|几个月|什么时候|哪天/;
/** Delivering, installing, going live. */
const DELIVERING = /装|开通|上线|交付|到货|部署|实施|做完|调试|进场|切换|交货|发货|供货|开工|完工|试点/;
const NEGATED_SAMPLE = /(不|没|不用|不需要|不要|没必要)[^，,。]{0,3}$/;
/** The customer's own trial words: 试做, 先试, 打样, 送样, 样件 (not 试过: a past trial). */
const TRIAL =
  /试(?:做|发|跑|用|点|装|一下|一条|一个|一台|一批|几|两|试)|先试|打样|送样|样件|样板间?|样衣|小批量试/;
/** A rep offering a trial or a demonstration. */
const OFFERED_TRIAL =
  /演示|试用|试做|试发|试跑|打样|送样|样机|样品|体验|现场看|飞一下|测一下|跑一下|试一下|试几/;

/** Call-level tags of behaviours.md, each with the evidence that set it; plus industry tags. */
export function detectTags(
  us: readonly PreparedUtterance[],
  objections: ReadonlyMap<string, readonly ObjectionMatch[]>,
  lexicon: CompiledLexicon,
): { spec: TagResult[]; industry: TagResult[] } {
  const ev = new Map<SpecTag, Evidence[]>();
  const push = (tag: SpecTag, e: Evidence) => {
    const list = ev.get(tag) ?? [];
    list.push(e);
    ev.set(tag, list);
  };
  const objectionsOf = (type: string) => [...objections.values()].flat().filter((o) => o.type === type);

  for (const o of objectionsOf('price')) push('price_sensitive', objEvidence(o));
  const priceQuestions: Evidence[] = [];
  const deliveryQuestions: Evidence[] = [];
  for (const u of us) {
    if (u.speaker !== 'customer') continue;
    for (const q of u.questions) {
      const price = termsOf(u, 'price_topic', [q.start, q.end])[0];
      if (price)
        priceQuestions.push({
          utteranceId: u.id,
          span: [q.start, q.end],
          term: price.entry.concept,
          rule: 'tag.price-question',
        });
      const delivery = termsOf(u, 'delivery_topic', [q.start, q.end])[0];
      if (delivery)
        deliveryQuestions.push({
          utteranceId: u.id,
          span: [q.start, q.end],
          term: delivery.entry.concept,
          rule: 'tag.delivery-question',
        });
      else {
        // 加专线要多久能开通 / 装两个小区要多长时间: how long delivery takes, asked in other words.
        const asked = u.view.slice(Math.max(0, q.start - 12), q.end);
        const how = HOW_LONG.exec(asked);
        if (how && DELIVERING.test(asked))
          deliveryQuestions.push({
            utteranceId: u.id,
            span: [q.start, q.end],
            term: how[0],
            rule: 'tag.delivery-duration-question',
          });
      }
    }
  }
  if (priceQuestions.length >= 2) for (const e of priceQuestions) push('price_sensitive', e);

  for (let i = 0; i < us.length; i++) {
    const u = us[i]!;
    if (u.speaker !== 'customer') continue;
    for (const s of termsOf(u, 'sample')) {
      if (NEGATED_SAMPLE.test(u.view.slice(Math.max(0, s.start - 6), s.start))) continue;
      push('needs_sample', {
        utteranceId: u.id,
        span: [s.start, s.end],
        term: s.entry.concept,
        rule: 'tag.sample-request',
      });
    }
  }

  // A trial asked for or accepted in the customer's own words (先试几票, 试做可以考虑), or the
  // rep's offer of a trial or demo answered with a yes.
  for (let i = 0; i < us.length; i++) {
    const u = us[i]!;
    if (u.speaker !== 'customer' || (ev.get('needs_sample')?.length ?? 0) > 0) continue;
    const own = TRIAL.exec(u.view);
    if (own && !NEGATED_SAMPLE.test(u.view.slice(Math.max(0, own.index - 6), own.index))) {
      push('needs_sample', {
        utteranceId: u.id,
        span: [own.index, own.index + own[0].length],
        term: own[0],
        rule: 'tag.trial',
      });
      continue;
    }
    const prev = us[i - 1];
    if (prev?.speaker === 'rep' && (termsOf(prev, 'sample').length > 0 || OFFERED_TRIAL.test(prev.view))) {
      const yes = /^[^，。！？,.!?]{0,4}(可以|行|好啊|好的|没问题|来嘛|欢迎)/.exec(
        u.view.replace(/\u2063/g, ''),
      );
      if (yes && !/不|没/.test(yes[0]))
        push('needs_sample', {
          utteranceId: u.id,
          span: [0, Math.min(u.view.length, yes[0].length)],
          term: yes[1]!,
          rule: 'tag.trial-accepted',
        });
    }
  }

  for (const u of us) {
    for (const c of termsOf(u, 'competitor')) {
      push('competitor_mentioned', {
        utteranceId: u.id,
        span: [c.start, c.end],
        term: c.entry.concept,
        rule: 'tag.competitor-name',
      });
    }
  }
  for (const o of objectionsOf('competitor')) push('competitor_mentioned', objEvidence(o));
  // A vendor the lexicon does not know, named by its place in the sentence (某某那边报的).
  if (!ev.has('competitor_mentioned')) {
    for (const u of us) {
      if (u.speaker !== 'customer') continue;
      const v = namedVendor(u.view);
      if (v) {
        push('competitor_mentioned', {
          utteranceId: u.id,
          span: [v.index, v.index + v.name.length],
          term: v.name,
          rule: 'tag.vendor-name',
        });
        break;
      }
    }
  }

  for (const o of objectionsOf('authority')) push('long_decision_chain', objEvidence(o));
  const approvers = new Map<string, Evidence>();
  for (const u of us) {
    for (const a of termsOf(u, 'approver')) {
      if (!approvers.has(a.entry.concept)) {
        approvers.set(a.entry.concept, {
          utteranceId: u.id,
          span: [a.start, a.end],
          term: a.entry.concept,
          rule: 'tag.approvers',
        });
      }
    }
  }
  if (approvers.size >= 2) for (const e of approvers.values()) push('long_decision_chain', e);

  for (const o of objectionsOf('delivery')) push('delivery_concern', objEvidence(o));
  for (const e of deliveryQuestions) push('delivery_concern', e);

  const order: SpecTag[] = [
    'price_sensitive',
    'needs_sample',
    'competitor_mentioned',
    'long_decision_chain',
    'delivery_concern',
  ];
  const spec = order
    .filter((t) => ev.has(t))
    .map((tag) => ({ tag, nameZh: TAG_NAMES_ZH[tag], evidence: ev.get(tag)! }));

  const industry = new Map<string, TagResult>();
  for (const u of us) {
    for (const t of termsOf(u, 'tag')) {
      const name = t.entry.tag ?? t.entry.concept;
      const r = industry.get(name) ?? { tag: name, nameZh: name, evidence: [] };
      r.evidence.push({
        utteranceId: u.id,
        span: [t.start, t.end],
        term: t.entry.concept,
        rule: `tag.industry:${lexicon.industry}`,
      });
      industry.set(name, r);
    }
  }
  return { spec, industry: [...industry.values()].sort((a, b) => (a.tag < b.tag ? -1 : 1)) };
}

function objEvidence(o: ObjectionMatch): Evidence {
  return {
    utteranceId: o.utterance.id,
    span: o.span,
    term: o.term?.entry.concept ?? null,
    rule: `tag.objection-${o.type}`,
  };
}
