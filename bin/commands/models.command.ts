import { resolve } from 'node:path';
import { AppError, ErrorCode } from '../../models/errors.js';
import { findWhisperModel, pullWhisperModel, WHISPER_MODELS } from '../../pipeline/audio/whisper-models.js';
import { writeCalibration } from '../../pipeline/embeddings/calibration-file.js';
import { cosineSimilarity } from '../../pipeline/embeddings/embedder.js';
import { MODEL_CATALOG } from '../../pipeline/embeddings/model-catalog.js';
import { pullModel } from '../../pipeline/embeddings/model-pull.js';
import { type CalibrationPair, calibrateThreshold } from '../../pipeline/embeddings/similarity.js';
import { readLabelledCalls } from '../../pipeline/eval/run-eval.js';
import { spanToUnits } from '../../pipeline/nlp/analyze.core.js';
import type { Config } from '../config.js';
import { createRuntime } from '../runtime.js';

export async function modelsCommand(
  args: string[],
  options: { dir?: string | undefined },
  config: Config,
): Promise<number> {
  const [sub, name] = args;
  switch (sub) {
    case 'list':
      console.log('语义相似度模型（EMBEDDING_MODEL_DIR）：');
      for (const m of MODEL_CATALOG)
        console.log(`${m.name.padEnd(20)} ${m.repo}  (${m.dimensions} 维) ${m.description}`);
      console.log('\n语音识别模型 whisper.cpp（WHISPER_MODEL，多语种，可识别普通话）：');
      for (const m of WHISPER_MODELS)
        console.log(`${m.name.padEnd(20)} ggml-${m.name}.bin  ${m.size}  sha1 ${m.sha1}`);
      return 0;
    case 'pull': {
      if (!name)
        throw new AppError(
          ErrorCode.InvalidInput,
          'models pull needs a model name (see `tingjian models list`)',
        );
      const destDir = resolve(options.dir ?? config.MODELS_DIR);
      if (findWhisperModel(name)) {
        let shown = -1;
        const pulled = await pullWhisperModel(name, {
          destDir,
          onProgress: (received, total) => {
            const pct = total ? Math.floor((received / total) * 100) : -1;
            if (pct !== shown && pct % 10 === 0) console.error(`下载中 ${pct}%`);
            shown = pct;
          },
        });
        console.log(
          `${pulled.status === 'skipped' ? '已存在且校验通过' : '下载完成并通过 SHA-1 校验'}：${pulled.file}\n使用方法：export WHISPER_MODEL=${pulled.file}`,
        );
        return 0;
      }
      const result = await pullModel(name, {
        destDir,
        onProgress: (p) => {
          if (p.phase !== 'downloading')
            console.error(`${p.phase === 'skipped' ? '已存在' : '完成'} ${p.file}`);
        },
      });
      console.log(`模型已就绪：${result.modelDir}\n使用方法：export EMBEDDING_MODEL_DIR=${result.modelDir}`);
      console.log('然后运行 `tingjian models calibrate <带标注的通话目录>` 校准复述准确性阈值。');
      return 0;
    }
    case 'calibrate': {
      if (!name)
        throw new AppError(ErrorCode.InvalidInput, 'models calibrate needs a folder of labelled calls');
      const runtime = await createRuntime(config);
      if (!runtime.embedder) {
        throw new AppError(ErrorCode.ModelUnavailable, 'set EMBEDDING_MODEL_DIR to the model to calibrate');
      }
      const pairs: CalibrationPair[] = [];
      for (const call of readLabelledCalls(name)) {
        const lexical = runtime.analyzer.analyze(call.transcript);
        for (const f of lexical.findings.filter((x) => x.label === 'restatement')) {
          const rep = lexical.utterances.find((u) => u.id === f.utteranceId)!;
          const customer = lexical.utterances.find((u) => u.id === f.refersTo)!;
          const [a, b] = spanToUnits(rep.text, f.span);
          const [va, vb] = await runtime.embedder.embed([rep.text.slice(a, b), customer.text]);
          pairs.push({ embedding: cosineSimilarity(va!, vb!), lexicalAccurate: f.accurate === true });
        }
      }
      const c = calibrateThreshold(pairs);
      writeCalibration(runtime.embedder.modelDir, {
        ...c,
        calibratedOn: resolve(name),
        at: new Date().toISOString(),
      });
      console.log(
        `阈值 ${c.threshold}：与词汇度量一致率 ${(c.agreement * 100).toFixed(1)}%（${c.pairs} 对复述）`,
      );
      return 0;
    }
    default:
      throw new AppError(
        ErrorCode.InvalidInput,
        `unknown models subcommand "${sub ?? ''}"; use list, pull or calibrate`,
      );
  }
}
