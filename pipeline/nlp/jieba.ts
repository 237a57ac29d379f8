import { createRequire } from 'node:module';
import type { BaseSegmenter } from './segment.js';

interface NodeJieba {
  cut(text: string, hmm?: boolean): string[];
  load(options?: Record<string, string>): void;
}

let jieba: NodeJieba | undefined;

/**
 * jieba with its default dictionaries and HMM for unknown words. The dictionary is process-global
 * and is never modified by Tingjian: industry terms are merged by our own matcher instead
 * (see segment.ts), so a lexicon change needs no reload.
 */
export function createJiebaSegmenter(): BaseSegmenter {
  if (!jieba) {
    const require = createRequire(import.meta.url);
    jieba = require('nodejieba') as NodeJieba;
    jieba.load();
  }
  const instance = jieba;
  return (text: string) => instance.cut(text, true);
}
