/**
 * Builds, offline, a tiny BERT-shaped sentence-embedding model folder that @xenova/transformers
 * 2.17 loads through its normal local path (config.json, tokenizer.json, tokenizer_config.json,
 * onnx/model.onnx, onnx/model_quantized.onnx). Real weights cannot be downloaded in CI, so tests
 * and demos use this instead.
 *
 * The "model" is one Gather over a seeded random embedding table: each character maps to a fixed
 * random vector, so after mean pooling two texts are as similar as their bags of characters.
 * Identical texts have cosine 1; texts sharing more characters score higher than unrelated ones.
 *
 * Usage: `npx tsx scripts/build-tiny-embedding-model.ts <destDir>`
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import onnxProto from 'onnx-proto';
import { mulberry32 } from '../shared/seeded-random.js';

const { onnx } = onnxProto;

/** Width of every token vector (and of the sentence embedding). */
export const TINY_MODEL_DIM = 64;

const SEED = 0x7469_6e67; // "ting"

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

// Punctuation gets a zero vector: it only rescales the mean, which normalisation removes, so
// "你好。" and "你好" embed identically, as a real model would nearly do.
const PUNCTUATION = '，。？！、；：“”‘’（）《》…—,.?!;:()';

// Common characters of everyday and sales speech; anything else becomes [UNK].
const CHARACTERS =
  '的一是不了人我在有他这中大来上个国们到说时要就出会可也你对生能而子那得于着下自之年过发后作里' +
  '用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因' +
  '只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物' +
  '手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先' +
  '海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报' +
  '才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基' +
  '眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望' +
  '觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士' +
  '证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价格预折扣优惠合约签' +
  '客户销售购买付款费钱贵便宜试用功能系统软件服务支持演示方案竞争对手采购流程老板领导决策周下午' +
  '谢您喂吗吧啊哦嗯好的行没问题考虑一下联系微信电话邮件发送资料';

/** Standard normal samples via Box–Muller, so rows point in uniformly random directions. */
function createGaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random(); // (0, 1]: log(0) would be -Infinity
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** The vocabulary in id order: special tokens, then punctuation, then characters (deduplicated). */
export function buildTinyVocabulary(): string[] {
  const tokens = new Set<string>(SPECIAL_TOKENS);
  for (const ch of PUNCTUATION) tokens.add(ch);
  for (const ch of CHARACTERS) tokens.add(ch);
  return [...tokens];
}

function buildEmbeddingTable(vocabulary: readonly string[], dim: number): Float32Array {
  const gaussian = createGaussian(mulberry32(SEED));
  const table = new Float32Array(vocabulary.length * dim);
  const zeroRows = new Set<string>(['[PAD]', ...PUNCTUATION]);
  // [CLS] and [SEP] sit in every sequence; a short vector keeps them from making unrelated texts
  // look alike while still giving the empty text a non-zero (normalisable) embedding.
  const shortRows = new Set<string>(['[CLS]', '[SEP]']);
  vocabulary.forEach((token, row) => {
    const scale = zeroRows.has(token) ? 0 : shortRows.has(token) ? 0.1 : 1;
    for (let k = 0; k < dim; k++) {
      // Always draw, so a row's values do not depend on which other rows are zero.
      table[row * dim + k] = gaussian() * scale;
    }
  });
  return table;
}

function buildOnnxModel(vocabSize: number, dim: number, table: Float32Array): Uint8Array {
  const { INT64, FLOAT } = onnx.TensorProto.DataType;
  const batchBySeq = { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] };
  const int64Input = (name: string) => ({
    name,
    type: { tensorType: { elemType: INT64, shape: batchBySeq } },
  });
  const model = onnx.ModelProto.create({
    // IR 7 / opset 13: well inside what onnxruntime-node 1.14 (bundled with transformers 2.17) reads.
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'tingjian-tiny-embedding',
    producerVersion: '1',
    graph: {
      name: 'tiny_bert',
      // attention_mask and token_type_ids are declared (transformers.js feeds what the session
      // lists) but unused: mean pooling applies the mask outside the graph.
      input: [int64Input('input_ids'), int64Input('attention_mask'), int64Input('token_type_ids')],
      output: [
        {
          name: 'last_hidden_state',
          type: {
            tensorType: {
              elemType: FLOAT,
              shape: { dim: [...batchBySeq.dim, { dimValue: dim }] },
            },
          },
        },
      ],
      initializer: [
        {
          name: 'word_embeddings',
          dataType: FLOAT,
          dims: [vocabSize, dim],
          // ONNX raw_data is little-endian; Float32Array is little-endian on every platform Node runs on.
          rawData: new Uint8Array(table.buffer, table.byteOffset, table.byteLength),
        },
      ],
      node: [
        {
          name: 'embedding_lookup',
          opType: 'Gather',
          input: ['word_embeddings', 'input_ids'],
          output: ['last_hidden_state'],
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function buildTokenizerJson(vocabulary: readonly string[]): object {
  const vocab: Record<string, number> = {};
  vocabulary.forEach((token, id) => {
    vocab[token] = id;
  });
  const idOf = (token: string): number => {
    const id = vocab[token];
    if (id === undefined) throw new Error(`tiny vocabulary lacks ${token}`);
    return id;
  };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [idOf('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [idOf('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

const MAX_LENGTH = 512;

/**
 * Writes the tiny model folder to `destDir` (created if needed; existing files overwritten) and
 * returns its absolute path. Deterministic: the same bytes on every run.
 */
export async function buildTinyEmbeddingModel(destDir: string): Promise<string> {
  const dir = path.resolve(destDir);
  const vocabulary = buildTinyVocabulary();
  const table = buildEmbeddingTable(vocabulary, TINY_MODEL_DIM);
  const onnxBytes = buildOnnxModel(vocabulary.length, TINY_MODEL_DIM, table);

  const config = {
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: vocabulary.length,
    hidden_size: TINY_MODEL_DIM,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: TINY_MODEL_DIM,
    max_position_embeddings: MAX_LENGTH,
    type_vocab_size: 2,
    pad_token_id: 0,
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    model_max_length: MAX_LENGTH,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };

  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  await Promise.all([
    writeFile(path.join(dir, 'config.json'), json(config)),
    writeFile(path.join(dir, 'tokenizer_config.json'), json(tokenizerConfig)),
    writeFile(path.join(dir, 'tokenizer.json'), json(buildTokenizerJson(vocabulary))),
    writeFile(path.join(dir, 'onnx', 'model.onnx'), onnxBytes),
    // transformers.js loads model_quantized.onnx by default; a float copy keeps both paths working.
    writeFile(path.join(dir, 'onnx', 'model_quantized.onnx'), onnxBytes),
  ]);
  return dir;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && import.meta.url === pathToFileURL(path.resolve(invokedPath)).href) {
  const destDir = process.argv[2];
  if (destDir === undefined) {
    console.error('usage: npx tsx scripts/build-tiny-embedding-model.ts <destDir>');
    process.exit(2);
  }
  const dir = await buildTinyEmbeddingModel(destDir);
  console.log(`tiny embedding model written to ${dir}`);
}
