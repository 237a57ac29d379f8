import type { CompiledLexicon, TermOccurrence } from '../../lexicons/lexicon.compile.js';
import type { Category } from '../../lexicons/lexicon.schema.js';
import type { Clause } from './clauses.js';
import { selectTerms } from './segment.js';

export type QuestionKind = 'open' | 'closed';

export interface QuestionUnit {
  kind: QuestionKind;
  /** [start, end) in code points of the utterance. */
  start: number;
  end: number;
  rule: string;
  term: string | null;
  confidence: number;
}

interface Marker {
  kind: QuestionKind;
  /** Position in clause text. */
  at: number;
  end: number;
  rule: string;
  term: string;
  /** A final marker (吗, tags, 吧, 呢) makes the whole clause one question. */
  final: boolean;
  confidence: number;
}

const TRAILING = /[啊呀哦啦嘛哈呗噢]+$/;
/** How far (in characters) an embedding verb reaches to make a question indirect. */
const EMBED_REACH = 12;
/** …and the speaker's own checking or telling, which takes its question right after it. */
const OWN_REACH = 4;
/** Lexicon categories of question vocabulary (resolved apart from all other terms). */
export const QUESTION_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  'question.open',
  'question.closed',
  'question.tag',
  'question.invite',
  'question.particle',
  'question.embedding',
  'question.ask',
]);
const A_NOT_A = /([\p{Script=Han}]{1,2}?)(不|没)\1/gu;
/** X不X that are not questions: 不得不, 一…不… set phrases. */
const A_NOT_A_STOP = new Set(['得', '一', '不', '了', '着']);
const RHETORICAL =
  /哪有|哪能|哪会|哪里有|哪儿有|哪里会|难道|何必|怎么可能|哪来的|何尝|(谁家?|哪家)还|(让|叫)我怎么|凭什么|谁知/;
/** Indefinite or non-question uses of wh-words. */
const WH_EXCLUDE_BEFORE: Record<string, RegExp> = {
  什么: /(没|没有|不是|不算|算不了|不为)$|(没|没有|不用|不需要|不要)[^，,。？?]{1,5}$/,
  啥: /(没|没有|不是|不算|算不了|不为)$|(没|没有|不用|不需要|不要)[^，,。？?]{1,5}$/,
  怎么: /(不|没)$/,
  怎样: /(不|没)$/,
  怎么样: /(不|没)$/,
  多少: /(没|没有|不了|不到|或|多|多多|好)$/,
};
const WH_EXCLUDE_AFTER: Record<string, RegExp> = {
  什么: /^(的|都|也)/,
  怎么: /^(都|也)/,
  谁: /^(都|也)/,
  哪: /^(怕|里哪里)/,
  多少: /^(都|也)/,
};
/** 随便什么 / 不管哪家: free-choice indefinites, not questions. */
const FREE_CHOICE_BEFORE = /(随便|任何|不管|无论|不论)[^，,。]{0,3}$/;
/** Asking verbs that make a clause a question by themselves (请问…, 我想问一下…; not 询问一下, advice). */
const ASK_MARKER = /请问|想问|(?<!询)问一下|问问|请教|想知道/;
/** …but not when they state the purpose of the call (今天打电话是想请教一下…). */
const PURPOSE_BEFORE = /(打电话|今天|这次|来电|是想|主要)[^，,。]{0,6}$/;
/** 几 after these is "a few", not "how many" (花几分钟, 聊几分钟, 十几, 好几). */
const JI_INDEFINITE_BEFORE = /(花|聊|占用|耽误|说|这|那|前|过|十|好|隔|等|再|我有|还有|有那么)$/;
const MULTIPLE_ADJ_EXCLUDE_BEFORE = /(很|许|好|差不|太|更|最|不|这么|那么|挺|没那么|多)$/;
const OPINION = /(您|你)(觉得|认为|感觉|看来)/;
const CHOICE_LEAD = /(是|要|选|用|买|喜欢|看重|倾向|打算|想|更|您|你|做|走|先)/;
const SPECULATIVE_BA = /(应该|估计|是不是|肯定|一定|难道|得[一二三四五六七八九十两几百千万\d])/;
const NOT_QUESTION_BA = /(好|行|算了|那就这样|就这样|先这样|走|说|发|来|去|试试|看看|吧吧)吧$/;

/**
 * The speaker's own checking, telling or not knowing: a question form after it is indirect
 * (我帮您查一下有哪些, 告诉您怎么走, 说不好几点到). Asking verbs (我问一下…) are not among them.
 */
const OWN_EMBEDDING =
  /(?:我|我们|我这边|我来|帮您|给您|帮你|给你)(?:再|先)?(?:查一下|查查|查到|看一下|看看|找一下|找找|确认一下|核实一下)|告诉(?:您|你)|说不好|说不准|不好说|不确定|不太清楚|没想好|还没定|没(?:有)?(?:查到|找到)|查不到|找不到/;
/**
 * Conjunctions that open a condition: a wh-word just inside one is indefinite (如果有什么问题…,
 * 万一哪天停电); further on it may ask in the main clause (万一坏了谁来修).
 */
const CONDITION = /(?:如果|(?<![主只还就不总需想])要是|假如|假设|若是|万一|只要|一旦)([^，,。]{0,3})$/;
/** 有什么…随时找我: "anything", offered, not asked. */
const ANYTHING_OFFERED = /^[^，,。]{0,6}?(?:随时|尽管|的话|再联系|再找|找我|联系我|告诉我|跟我说|就说)/;
/** The list that follows a quantity: 有几家，分别是…, 有哪些比如…. */
const ENUMERATION = /^[^。？?]{0,8}?(?:分别是|分别为|比如|例如|包括|像是|如下)/;
/** After these the speaker picks a few for the listener (为您找到几家, 推荐几个): "a few". */
const JI_OFFERED_BEFORE = /(?:找到了?|查到了?|推荐了?|列了|选了|挑了)$/;
/** A question word with 都/也 + a predicate a few characters on: 哪种都有, 什么时候都可以. */
const EVERY = /^[^，,。]{0,4}?(?:都|也)(?:有|行|可以|能|好|没|不|一样|是)/;
/**
 * Wh-questions the lexicon's words miss: a bare 哪 closing the clause (地址在哪, 去哪好), colloquial
 * 多钱 (= 多少钱) and a score asked for (考了几分). Bare 哪 elsewhere is 哪怕, 哪有 or 去哪都行.
 */
const BARE_WH = /(?:在|去|到|是|住|从|往|放)哪(?:好|合适|比较好|方便)?$|多钱$|(?:是|打了?|考了?|得了)几分$/;
/** 有无 read as 有 + a 无-compound (有无线网络, 有无糖的), not "whether there is". */
const WU_COMPOUND_AFTER = /^(?:烟|线|糖|障碍|人机|人驾驶|纸化|菌)/;
/**
 * A predicate closed by a bare 不 or 没(有) asks (感兴趣不, 有停车位没): the short A-not-A of
 * speech. Not after adverbs and pronouns (也不, 就不, 我没), nor in a doubled denial (不是不…).
 */
const NEG_TAIL_NOT_AFTER = /[也都还就偏并可我你他她它说要决绝根从而又再很太真才了得]$/;
/** 帮我找一家…吧, 麻烦…吧: a request closed by 吧, not a confirmation. */
const REQUEST_BA = /(?:帮(?:我们|我|忙)|给(?:我们|我)(?!的)|请(?:你|您)|麻烦|推荐(?!的))[^吧]*吧$/;
/** 到底在哪 after 看看 / 查查 / 没查到: the speaker's own finding out, not a question to the listener. */
const FIND_OUT_BEFORE =
  /(?:看看|看一下|查查|查一下|找找|弄清楚|搞清楚)[^，,。]{0,4}$|(?:没有?(?:查到|找到)|查不到|找不到)[^，,。]{0,8}$/;
/** 这么多呢, 挺贵的呢: a degree adverb makes 呢 exclaim, not ask. */
const DEGREE_NE = /这么|那么|多么|挺|很|非常|特别|蛮|相当|好多|太/;

/** 那您能帮我…, 可以告诉我…: a request put as a question even without 吗. */
const REQUEST =
  /^(?:那|那么|麻烦|请)?(?:你|您|你们)?(?:能|可以|能够|可不可以|方便)(?:再|先)?(?:帮我|给我|告诉我|跟我说|帮忙|帮我们|给我们|发我|推荐)/;
/** …的地址是 / 他们的电话是: a clause left open after the copula asks for its complement. */
const OPEN_COPULA = /[^\P{Script=Han}就可但不还也都总倒算只要于正便老真硬凡像若或说对那这的思题键因]是$/u;

/** Indefinite uses of a wh-word (anything, a few, whatever): conditions, offers, 都/也 forms. */
function indefiniteWh(before: string, surface: string, after: string): boolean {
  const pronoun = /^(什么|啥|哪|谁|几|多少)/.test(surface);
  const condition = CONDITION.exec(before);
  if (pronoun && condition && !/的话|就|那/.test(condition[1]!)) return true;
  if (/^(什么|啥|哪些)/.test(surface) && /有$/.test(before) && ANYTHING_OFFERED.test(after)) return true;
  if (surface.startsWith('几') && JI_OFFERED_BEFORE.test(before)) return true;
  // 以下几家 / 有几家，分别是…: a quantity followed by its list states, it does not ask.
  if (/^(几|哪些)/.test(surface) && (/(以下|以上|下面|下列|如下)$/.test(before) || ENUMERATION.test(after)))
    return true;
  // 我们几个人想去…: "the few of us", in apposition, not "how many".
  if (
    surface.startsWith('几') &&
    /(我们|咱们|他们)$/.test(before) &&
    /^(个人|个同事|位|口人|家人)/.test(`${surface.slice(1)}${after}`)
  )
    return true;
  if (surface === '为什么' && /(就是|这是|这也是|这就是|也就是)$/.test(before)) return true;
  return pronoun && EVERY.test(after);
}

/** A request put as a question (那您能帮我…) or a clause left open after 是. */
function requestMarkers(text: string): Marker[] {
  const request = REQUEST.exec(text);
  if (request)
    return [
      mk(
        'closed',
        request.index,
        request.index + request[0].length,
        'question.request',
        request[0],
        false,
        0.7,
      ),
    ];
  if (OPEN_COPULA.test(text) && text.length >= 3)
    return [mk('open', text.length - 1, text.length, 'question.open-copula', '是', false, 0.6)];
  return [];
}

function hasCat(occ: TermOccurrence, cat: Category): boolean {
  return occ.entry.category === cat;
}

/** What one clause's marker finders share: its text, question terms and embedding test. */
interface ClauseScan {
  clause: Clause;
  text: string;
  terms: readonly TermOccurrence[];
  /** Whether a question form at this position is embedded (得看…要不要, 我不知道…几点). */
  canEmbed: (at: number) => boolean;
}

/** Context of one clause within its utterance. */
export interface ClauseContext {
  before: string;
  sentenceEnd: Clause['terminator'];
  terms?: readonly TermOccurrence[];
  speaker?: 'rep' | 'customer';
  /** An earlier clause of the same sentence holds a question. */
  askedBefore?: boolean;
}

/**
 * Finds the questions in one clause. A clause usually holds one question; without punctuation it
 * may hold two (您用的是哪家的设备用了几年了), which are told apart by the distance between their
 * markers. Returns units in order.
 */
export function detectClauseQuestions(
  clause: Clause,
  lexicon: CompiledLexicon,
  context: ClauseContext = { before: '', sentenceEnd: '' },
): QuestionUnit[] {
  const text = clause.text.replace(TRAILING, '') || clause.text;
  // Only question vocabulary competes for positions here: 多少钱 is a price word elsewhere but
  // must still show its 多少. Callers that matched the whole utterance pass the terms in.
  const given =
    context.terms ??
    selectTerms(lexicon.findTerms(text).filter((t) => QUESTION_CATEGORIES.has(t.entry.category)));
  // Usually every term (most clauses: none) lies within the text: the list itself, not a copy.
  let within = true;
  for (let i = 0; i < given.length && within; i++) within = given[i]!.end <= text.length;
  const terms = within ? given : given.filter((t) => t.end <= text.length);
  // Nothing that could make a question: no marker word, particle, 还是, A-not-A or question mark.
  if (
    terms.length === 0 &&
    clause.terminator !== '?' &&
    !/[吗么呢吧还不没觉认能可哪]|是$|多钱|几分/.test(text)
  )
    return [];
  const scan: ClauseScan = { clause, text, terms, canEmbed: embeddingTest(text, terms) };
  const rhetorical = RHETORICAL.test(text);
  const finalMarker = finalParticle(text, terms);
  const markers = [
    ...inviteMarkers(scan),
    ...aNotAMarkers(scan),
    ...choiceMarkers(scan, context.before),
    ...(rhetorical ? [] : whMarkers(scan)),
    ...(rhetorical ? [] : bareWhMarkers(scan)),
    ...negTailMarkers(scan),
  ];
  if (!rhetorical && !finalMarker && markers.length === 0) markers.push(...opinionOrAsk(text));
  // Only where the utterance stops: 您的意思是，… goes on to say what follows 是.
  if (!finalMarker && markers.length === 0 && (clause.terminator === '' || clause.terminator === '?'))
    markers.push(...requestMarkers(text));
  if (rhetorical && !finalMarker) return [];
  // A sentence explicitly closed with 。 or ！ is a statement: wh-words and A-not-A in it are
  // indirect (主要是投入多少，还有家长看不看得见。). Final particles still ask (…吗。).
  // A particle after the question form (安不安全啊，…。) still marks a question.
  const particle = clause.text !== text;
  // Customers answer with indirect questions; reps pose and answer their own (批量交期是多久，主要看…).
  if (!finalMarker && !particle && (context.sentenceEnd === '.' || context.sentenceEnd === '!')) {
    return [];
  }
  if (finalMarker) return [finalUnit(clause, text, finalMarker, markers)];
  if (markers.length === 0) {
    // A bare question mark asks only when no earlier clause of the sentence already asked
    // (…关心哪些方面，我提前准备好？ is one question).
    if (clause.terminator === '?' && !context.askedBefore && !/太.{0,6}了吧$|了吧$/.test(text)) {
      return [unit(clause, 0, text.length, 'closed', 'question.mark', '?', 0.7)];
    }
    return [];
  }
  return groupedUnits(clause, text, markers);
}

/**
 * 得看…要不要 / 识别…是不是合规 (an embedding verb shortly before), 准不准我自己知道 (after),
 * 我帮您查一下有哪些 (the speaker's own checking or telling): the question form is indirect.
 */
function embeddingTest(text: string, terms: readonly TermOccurrence[]): (at: number) => boolean {
  // Built on first use: most clauses hold no question form whose embedding is asked about.
  let test: ((at: number) => boolean) | undefined;
  return (at: number) => {
    test ??= buildEmbeddingTest(text, terms);
    return test(at);
  };
}

function buildEmbeddingTest(text: string, terms: readonly TermOccurrence[]): (at: number) => boolean {
  // 我知道了，那… acknowledges: the embedding verb is closed by 了 and takes no question
  // (我就不知道了 still embeds: the 了 closes a denial).
  const embeddings = terms.filter(
    (t) =>
      hasCat(t, 'question.embedding') &&
      (text[t.end] !== '了' || /^[不没]/.test(t.entry.surface) || /[不没]$/.test(text.slice(0, t.start))),
  );
  const asks = terms.some((t) => hasCat(t, 'question.ask'));
  const addressed = /(不知道|想知道|请问)(您|你)/.test(text);
  const own = [...text.matchAll(new RegExp(OWN_EMBEDDING.source, 'gu'))];
  return (at: number) =>
    !asks &&
    !addressed &&
    (embeddings.some(
      (e) =>
        (e.start < at && at - e.end <= EMBED_REACH && !/您看|你看/.test(text.slice(e.end, at))) ||
        (e.start > at &&
          e.start - at <= EMBED_REACH &&
          /[我他她们]$/.test(text.slice(0, e.start).replace(/(自己|也|都|还|就)+$/, ''))),
    ) ||
      own.some((m) => m.index < at && at - (m.index + m[0].length) <= OWN_REACH));
}

/** Final particles and tags: 吗, 么, 好吧, 对吧, a question 呢, a confirming 吧. */
function finalParticle(text: string, terms: readonly TermOccurrence[]): Marker | undefined {
  const last = text[text.length - 1] ?? '';
  const tag = terms.find((t) => hasCat(t, 'question.tag') && t.end === text.length);
  // …查询一下好吧: a request closed by 好吧 asks for agreement; 那好吧 / 好吧 alone concede.
  const haoBa = /好吧$/.test(text) && text.length >= 6 && !/(那|那就|那行|行|算了)好吧$/.test(text);
  if (haoBa && !tag) return mk('closed', text.length - 2, text.length, 'question.tag', '好吧', true, 0.75);
  if (tag) return mk('closed', tag.start, tag.end, 'question.tag', tag.entry.surface, true, 0.95);
  if (
    last === '吗' ||
    (last === '么' && text.length > 1 && !/(什|怎|这|那|要|多|为什|干什|为啥)么$/.test(text))
  )
    return mk('closed', text.length - 1, text.length, 'question.ma', last, true, 0.95);
  if (last === '呢' && isNeQuestion(text, terms))
    return mk('open', text.length - 1, text.length, 'question.ne', '呢', true, 0.75);
  if (last === '吧' && isConfirmationBa(text))
    return mk('closed', text.length - 1, text.length, 'question.ba', '吧', true, 0.7);
  return undefined;
}

/** Invitations to elaborate: open even inside 能…介绍一下吗 (convention 2). */
function inviteMarkers({ text, terms }: ClauseScan): Marker[] {
  const markers: Marker[] = [];
  for (const t of terms) {
    if (!hasCat(t, 'question.invite')) continue;
    const before = text.slice(0, t.start);
    // Addressed to the listener (您能介绍一下, 能先说说, 请讲讲) and not the speaker's own pitch
    // (给您介绍一下, 我们来讲讲, 想跟您聊聊).
    const addressedInvite =
      /(您|你)[^我]{0,8}$/.test(before) ||
      /(能|可以|请|麻烦|能不能)[^，,]{0,3}$/.test(before) ||
      t.start === 0;
    const selfIntro = /((?<![给跟和向对])我|我们|给您|给你|跟您|跟你|和您|想|要|来|再)[^您你]{0,3}$/.test(
      before,
    );
    if (addressedInvite && !selfIntro) {
      markers.push(mk('open', t.start, t.end, 'question.invite', t.entry.surface, false, 0.85));
    }
  }
  return markers;
}

/** A-not-A (是不是, 有没有, 大不大, 可不可以) and 是否. */
function aNotAMarkers({ text, terms, canEmbed }: ClauseScan): Marker[] {
  const markers: Marker[] = [];
  for (const t of terms) {
    if (t.entry.surface === '有无' && WU_COMPOUND_AFTER.test(text.slice(t.end))) continue;
    if (hasCat(t, 'question.closed') && !canEmbed(t.start) && !concessive(text, t.end)) {
      markers.push(mk('closed', t.start, t.end, 'question.a-not-a', t.entry.surface, false, 0.9));
    }
  }
  // Every A-not-A form holds 不 or 没: most clauses hold neither and need no scan.
  const scanned = text.includes('不') || text.includes('没') ? text.matchAll(A_NOT_A) : [];
  for (const m of scanned) {
    const x = m[1]!;
    const at = m.index ?? 0;
    const end = at + m[0].length;
    if (A_NOT_A_STOP.has(x[0]!) || markers.some((k) => k.at <= at && k.end >= end)) continue;
    if (m[2] === '没' && !/^(有|用|去|来|做|买|试|看|装|听)/.test(x)) continue;
    if (canEmbed(at) || concessive(text, end)) continue;
    if (/^(这么|那么)/.test(text.slice(end))) continue; // 要不要这么烦人: an exclamation
    if (terms.some((t) => t.start < end && t.end > at && hasCat(t, 'question.closed'))) continue;
    markers.push(mk('closed', at, end, 'question.a-not-a', m[0], false, 0.85));
  }
  return markers;
}

/** A还是B choice questions; 还是 = "still" or "had better" is none. */
function choiceMarkers({ clause, text, canEmbed }: ClauseScan, before: string): Marker[] {
  const choice = text.indexOf('还是');
  if (choice < 0) return [];
  const choiceLead = choice > 0 ? text.slice(0, choice) : before;
  // 还是 after these means "still" or "had better" (但还是, 我们还是, 觉得还是, 若还是).
  const stillBefore =
    /[但可还也都就却我他她它你您们那这得若果是]$|要是$|如果$|不过$/.test(choiceLead) ||
    /我[^，,。]{0,3}(?:觉得|认为|感觉)/.test(choiceLead);
  // …还是有点高 / 还是不行 / 还是得等: "still", not a choice between two things.
  const stillAfter =
    /^(有点|有些|很|太|挺|比较|蛮|不|没|得|会|那样|老样子|一样|偏|贵|高|低|少|多|算了|可以的|谢谢|感谢|非常|特别|相当)/.test(
      text.slice(choice + 2),
    );
  const chosen =
    (CHOICE_LEAD.test(choiceLead) || (choiceLead.length >= 2 && !stillBefore)) &&
    !stillAfter &&
    !text.endsWith('吧') &&
    !canEmbed(choice) &&
    (choice > 0 || clause.terminator === '?');
  return chosen ? [mk('closed', choice, choice + 2, 'question.choice', '还是', false, 0.8)] : [];
}

/** Wh-words that ask, not their indefinite, free-choice, correlative or embedded uses. */
function whMarkers({ clause, text, terms, canEmbed }: ClauseScan): Marker[] {
  const markers: Marker[] = [];
  // Most clauses hold no question.open term: no map for them.
  let whSeen: Map<string, number> | undefined;
  for (const t of terms) {
    if (!hasCat(t, 'question.open')) continue;
    whSeen ??= new Map<string, number>();
    whSeen.set(t.entry.concept, (whSeen.get(t.entry.concept) ?? 0) + 1);
  }
  if (whSeen === undefined) return markers;
  for (const t of terms) {
    if (!hasCat(t, 'question.open')) continue;
    const surface = t.entry.surface;
    const before = text.slice(0, t.start);
    const after = text.slice(t.end);
    if (WH_EXCLUDE_BEFORE[t.entry.concept]?.test(before) || WH_EXCLUDE_BEFORE[surface]?.test(before))
      continue;
    if (WH_EXCLUDE_AFTER[surface]?.test(after)) continue;
    // 什么都 / 啥都 / 哪都 / 谁也: indefinite "any", not a question.
    if (/^(都|也)/.test(after)) continue;
    if (FREE_CHOICE_BEFORE.test(before) || indefiniteWh(before, surface, after)) continue;
    if (surface.startsWith('几') && JI_INDEFINITE_BEFORE.test(before)) continue;
    // 几百/几千/几万 without a question mark is an amount (一年也就几百台), not a question.
    if (/^几[十百千万]$/.test(surface) && clause.terminator !== '?' && !/^[^，。]{0,6}(吗|呢)/.test(after))
      continue;
    if (surface.startsWith('多') && surface !== '多少' && MULTIPLE_ADJ_EXCLUDE_BEFORE.test(before)) continue;
    // Correlatives (谁抢到谁跟, 哪家便宜去哪家) are statements.
    if ((whSeen.get(t.entry.concept) ?? 0) > 1 && /^(谁|什么|哪)/.test(surface)) continue;
    if (canEmbed(t.start)) continue;
    markers.push(mk('open', t.start, t.end, 'question.wh', surface, false, 0.85));
  }
  return markers;
}

/** A wh-question the lexicon cannot hold as a word: see BARE_WH. */
function bareWhMarkers({ text, canEmbed }: ClauseScan): Marker[] {
  const m = BARE_WH.exec(text);
  if (!m || canEmbed(m.index) || FIND_OUT_BEFORE.test(text.slice(0, m.index))) return [];
  return [mk('open', m.index, m.index + m[0].length, 'question.wh', m[0], false, 0.8)];
}

/** 感兴趣不 / 周边有酒店没有: a predicate closed by a bare negation asks (see NEG_TAIL_NOT_AFTER). */
function negTailMarkers({ text, terms, canEmbed }: ClauseScan): Marker[] {
  const m = /(?:不|没有?)$/.exec(text);
  if (!m || m.index < 2) return [];
  const before = text.slice(0, m.index);
  // A denial just before (不是不, 没说不) doubles it; one further back is another clause's.
  if (NEG_TAIL_NOT_AFTER.test(before) || /[不没]/.test(before.slice(-4)) || canEmbed(m.index)) return [];
  if (m[0] === '不' && before.endsWith('的')) return [];
  // 没(有) asks only after an 有 (有酒店没); 不 after any predicate (够用不).
  if (m[0] !== '不' && !/有[^，,。]{1,12}$/.test(before)) return [];
  if (terms.some((t) => t.end === text.length && hasCat(t, 'question.tag'))) return [];
  return [mk('closed', m.index, text.length, 'question.a-not-a', m[0], false, 0.75)];
}

/** 您觉得… (an opinion asked for), or 请问/我想问一下… (information asked for without a wh-word). */
function opinionOrAsk(text: string): Marker[] {
  const opinion = OPINION.exec(text);
  if (opinion && !/(我|我们)$/.test(text.slice(0, opinion.index)))
    return [
      mk(
        'open',
        opinion.index,
        opinion.index + opinion[0].length,
        'question.opinion',
        opinion[0],
        false,
        0.7,
      ),
    ];
  const ask = ASK_MARKER.exec(text);
  if (ask && ask.index + ask[0].length < text.length && !PURPOSE_BEFORE.test(text.slice(0, ask.index)))
    return [mk('open', ask.index, ask.index + ask[0].length, 'question.ask', ask[0], false, 0.75)];
  return [];
}

/** One question from a final particle; closed, except an invitation (…介绍一下吗) or a wh 呢. */
function finalUnit(
  clause: Clause,
  text: string,
  finalMarker: Marker,
  markers: readonly Marker[],
): QuestionUnit {
  const invite = markers.find((m) => m.rule === 'question.invite');
  const choiceOrAnotA = markers.find((m) => m.kind === 'closed');
  let { kind, rule, term } = finalMarker;
  if (finalMarker.rule === 'question.ma' && invite) {
    kind = 'open';
    rule = invite.rule;
    term = invite.term;
  } else if (finalMarker.rule === 'question.ne' && choiceOrAnotA) {
    kind = 'closed';
    rule = choiceOrAnotA.rule;
    term = choiceOrAnotA.term;
  } else if (finalMarker.rule === 'question.ne' && markers.length > 0) {
    rule = markers[0]!.rule;
    term = markers[0]!.term;
  }
  return unit(clause, 0, text.length, kind, rule, term, finalMarker.confidence);
}

/** Markers grouped into questions: close together, or joined by 和/或/跟/还是. */
function groupedUnits(clause: Clause, text: string, markers: Marker[]): QuestionUnit[] {
  markers.sort((a, b) => a.at - b.at);
  const groups: Marker[][] = [];
  for (const m of markers) {
    const g = groups[groups.length - 1];
    const prev = g?.[g.length - 1];
    const joined = /^[和或跟与及、]|^还是|^或者/.test(text.slice(prev?.end ?? 0, m.at));
    // Adjacent markers of one kind are one question (怎么分配、怎么跟进); an open then a closed
    // marker are two (价格怎么样 | 返点有没有).
    if (g && prev && (joined || (m.at - prev.end <= 3 && m.kind === prev.kind))) g.push(m);
    else groups.push([m]);
  }
  const units: QuestionUnit[] = [];
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi]!;
    const from = gi === 0 ? 0 : groups[gi]![0]!.at - leadIn(text, groups[gi]![0]!.at, groups[gi - 1]!);
    const to =
      gi + 1 < groups.length ? groups[gi + 1]![0]!.at - leadIn(text, groups[gi + 1]![0]!.at, g) : text.length;
    const closed = g.find((m) => m.kind === 'closed');
    const lead = closed ?? g[0]!;
    units.push(unit(clause, from, to, closed ? 'closed' : 'open', lead.rule, lead.term, lead.confidence));
  }
  return units;
}

/** How far before a marker its question starts: back to just after the previous group. */
function leadIn(text: string, at: number, prevGroup: Marker[]): number {
  const prevEnd = prevGroup[prevGroup.length - 1]!.end;
  // Keep the word right after the previous marker with the previous question (…设备上 | 负载…).
  const gap = text.slice(prevEnd, at);
  const cut = gap.search(/[您你咱那这现平一每大主目请]/);
  return cut > 0 ? gap.length - cut : Math.max(0, Math.min(gap.length, gap.length - 1));
}

/**
 * 呢 ends a question when the clause asks something (在哪呢, 怎么办呢) or is a short elliptical
 * topic (库存这块呢, 那您呢). Declarative 呢 marks an ongoing or unfinished state: 还没到呢,
 * 正在开会呢, 没有这款呢.
 */
function isNeQuestion(text: string, terms: readonly TermOccurrence[]): boolean {
  const asks = terms.some((t) =>
    ['question.open', 'question.closed', 'question.invite'].includes(t.entry.category),
  );
  if (asks || /(.)不\1/u.test(text) || text.includes('还是')) return true;
  const body = text.slice(0, -1);
  if (BARE_WH.test(body)) return true;
  // 嗯呢 (the filler leaves 呢 alone) agrees; 这么多呢, 您客气了呢, 是高档的呢, 有三家呢 state.
  // Only the part after a topic-switching 那 counts (那太好了那操作上呢 asks about 操作).
  const topic = /那(?!么)(?!.*那(?!么))(.*)$/.exec(body);
  const tail = topic ? topic[1]! : body;
  if (body === '' || DEGREE_NE.test(tail)) return false;
  if (/了$/.test(tail) && !topic && !/如果|要是|万一|假如|假设/.test(body)) return false;
  if (/是[^呢]{1,8}的$|有[\d一二两三四五六七八九十百千万几]+\p{Script=Han}{0,4}$/u.test(tail)) return false;
  if (topic && tail.length > 0 && tail.length <= 8 && !/[没不在着]/.test(tail)) return true;
  if (/着$|(在|还没|还在|正在)/.test(body)) return false;
  // 好的呢, 有的呢, 可以的呢: a service-style statement of assent or fact, not 你的呢 (yours?).
  if (/(好|是|有|对|可以|行|会|在|能|没问题|不错|挺好|当然|知道|明白|收到)的$/.test(body)) return false;
  return body.length <= 8 && !/[没不]/.test(body);
}

function isConfirmationBa(text: string): boolean {
  if (NOT_QUESTION_BA.test(text) || REQUEST_BA.test(text)) return false;
  if (/(这么|那么|多么)[^吧]{0,6}吧$/.test(text)) return false; // exclamation: 也没这么快吧
  if (/太.{0,8}了吧$/.test(text)) return false; // exclamation: 太贵了吧
  if (SPECULATIVE_BA.test(text)) return true;
  // 是…(的)吧: 你们是新牌子吧, 那个是紫外线的吧
  // …还是自备帐篷吧 (had better), 总是…吧: that 是 is part of an adverb, not the copula.
  return /(?<![还总倒])是[^吧]{1,14}吧$/.test(text) && !/就是[^吧]{0,3}吧$/.test(text);
}

/** 划不划算的 / 打折不打折的: a concessive, not a question. */
function concessive(text: string, end: number): boolean {
  const m = /^\p{Script=Han}?的/u.exec(text.slice(end));
  if (!m) return false;
  const after = text[end + m[0].length];
  return after !== '吗' && after !== '呢';
}

function mk(
  kind: QuestionKind,
  at: number,
  end: number,
  rule: string,
  term: string,
  final: boolean,
  confidence: number,
): Marker {
  return { kind, at, end, rule, term, final, confidence };
}

function unit(
  clause: Clause,
  from: number,
  to: number,
  kind: QuestionKind,
  rule: string,
  term: string,
  confidence: number,
): QuestionUnit {
  const a = clause.map[Math.max(0, Math.min(from, clause.map.length - 1))]!;
  const b = clause.map[Math.max(0, Math.min(to, clause.map.length) - 1)]! + 1;
  return { kind, start: a, end: Math.max(a + 1, b), rule, term: term === '?' ? null : term, confidence };
}
