import { DATE_PATTERN } from './next-step.detector.js';
import type { PreparedUtterance } from './prepare.js';
import { termsOf } from './prepare.js';

/**
 * What the rep hands over to be read (资料, 案例, 白皮书, 彩页 …): sending it lets the customer end the
 * call politely, it commits them to nothing (convention 13's look-alikes: 发资料, 回头联系).
 */
const READING = /资料|介绍|案例|白皮书|彩页|手册|材料|图片|链接|视频|说明书|数据/;
/** A step the customer takes part in: a meeting, visit, demo, sample, trial, quote, plan or contract. */
const TAKES_PART =
  /样(品|机|件|板|书)|试(用|点|销|跑|做|装|测|一)|测试|报价|方案|合同|协议|见面|拜访|上门|过去|过来|演示|现场|当面|约|测算|见(?![过识])/;

/**
 * A rep's next step that can show an objection resolved when the customer agrees to it: not a vague
 * promise (回头再联系, 有需要随时找我) and not only material sent for reading.
 */
export function isBindingStep(u: PreparedUtterance): boolean {
  if (termsOf(u, ['next_step.vague']).length > 0) return false;
  if (READING.test(u.view) && !TAKES_PART.test(u.view) && !DATE_PATTERN.test(u.view)) return false;
  return true;
}

/**
 * The customer puts the matter off while saying 好/对/行: 再说, 再看, 回头…, 有空看看 / 有空再 (not 我周三有空:
 * availability is agreement), 考虑考虑, 先这样
 * (可以考虑 / 值得考虑 accept).
 * Several wordings, so one blurred by ASR noise still leaves the others.
 */
const DEFERS =
  /再说|再看|回头|有空(?:的时候|了?再|[看翻瞅])|(?<![以得][\u2063\s]*)考虑|先这样|到时候看|以后再|改天/;

/** True when a customer's reply defers rather than accepts (a polite close is no acceptance). */
export function defers(u: PreparedUtterance): boolean {
  return DEFERS.test(u.view);
}

/**
 * Acceptance closing a sentence after the customer restates the answer: …那可以, …那就好, …倒也行,
 * 有X就行, 那还行; or conceding the point: 倒也是, 也有道理. 还好 alone (so-so) is none.
 */
const CLOSES_AGREEING =
  /(?:[那就倒也]|还(?=[可行]))[还倒也就]?(?:可以|行|好|成)[了吧啊呀的]?$|倒也是|也(?:有|在)道理|说得(?:也是|对|在理)/;

/** True when a sentence of the reply ends in acceptance (see CLOSES_AGREEING). */
export function closesAgreeing(u: PreparedUtterance): boolean {
  return u.view
    .split(/[，。！？,.!?；;]/)
    .map((s) => s.replace(/[\p{P}\s\u2063]/gu, ''))
    .some((s) => CLOSES_AGREEING.test(s));
}
