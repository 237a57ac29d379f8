import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCall } from '../../bench/call-generator.js';
import { defaultLexiconDir, LexiconRegistry } from '../../lexicons/lexicon.registry.js';
import { createFileCache } from '../../models/file-cache.js';
import { parseTranscript } from '../../models/transcript.js';
import { ThreadAnalyzer } from '../../pipeline/analysis-thread/analysis-thread.core.js';
import type {
  AnalysisRequest,
  SecondStageSource,
} from '../../pipeline/analysis-thread/analysis-thread.protocol.js';
import { Analyzer } from '../../pipeline/analyzer.js';
import { DEFAULT_MODEL_PATH, loadSecondStage } from '../../pipeline/learned/second-stage.js';
import { createJiebaSegmenter } from '../../pipeline/nlp/jieba.js';

// A file-backed second stage reaches an analysis thread as its file, not its document (issue 16).
const INDUSTRY = 'medical_devices';
const cut = createJiebaSegmenter();
const lexicons = LexiconRegistry.fromDirectory();
const cacheDir = mkdtempSync(join(tmpdir(), 'tj-model-file-'));
const files = createFileCache(cacheDir);
const shipped = loadSecondStage(DEFAULT_MODEL_PATH, { cache: files });
const analyzer = new Analyzer({ lexicons, lexiconDir: defaultLexiconDir(), cut, secondStage: shipped });
const transcript = parseTranscript({ ...generateCall(7, INDUSTRY), externalId: 'model-file-1' });

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

function request(secondStage: SecondStageSource): AnalysisRequest {
  return {
    id: 1,
    transcript,
    callId: 'call-1',
    lexicon: {
      key: 'lexicon',
      doc: { overlay: lexicons.overlay(INDUSTRY)!, sequence: lexicons.sequence(INDUSTRY) },
    },
    scorecard: { key: 'scorecard', doc: analyzer.scorecard(INDUSTRY) },
    secondStage: { key: `model:${shipped.version}`, doc: secondStage },
  };
}

function threadAnalyzer(load?: (file: string) => ReturnType<typeof loadSecondStage>) {
  return new ThreadAnalyzer({ base: lexicons.baseDocument() }, cut, load);
}

describe('a second stage sent to an analysis thread as its model file', () => {
  it('analyses exactly as with the model document', () => {
    const byFile = threadAnalyzer((file) => loadSecondStage(file, { cache: files })).answer(
      request({ file: DEFAULT_MODEL_PATH, version: shipped.version }),
    );
    const byDocument = threadAnalyzer().answer(request(shipped.model));
    expect(byFile.ok).toBe(true);
    expect(JSON.stringify(byFile)).toBe(JSON.stringify({ ...byDocument, ms: (byFile as { ms: number }).ms }));
  });

  it('refuses a file whose model is no longer the version the main thread loaded', () => {
    const reply = threadAnalyzer((file) => loadSecondStage(file, { cache: files })).answer(
      request({ file: DEFAULT_MODEL_PATH, version: 'second-stage-0000000000' }),
    );
    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'model_unavailable',
        message: `second-stage model ${DEFAULT_MODEL_PATH} changed after it was loaded; restart to load the new model`,
      },
    });
  });
});
