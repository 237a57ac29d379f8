import { join } from 'node:path';
import { AudioError } from './audio-errors.js';
import { runTool } from './child-process.js';

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

export const DEFAULT_FFMPEG: FfmpegTools = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' };

export interface ProbeResult {
  /** Null when the container does not say (ffmpeg still decodes it). */
  durationMs: number | null;
  channels: number;
  sampleRate: number;
  codec: string;
}

/** 16 kHz: what whisper.cpp expects. */
export const PCM_RATE = 16_000;

function missingTool(bin: string, err: unknown): never {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new AudioError(
      'tool_missing',
      `服务器未安装 ${bin}（音频解码需要 ffmpeg，请联系管理员安装）`,
      `${bin}: not found`,
    );
  }
  throw err;
}

/**
 * Reads duration, channels and sample rate of the first audio stream with ffprobe. A file
 * ffprobe cannot read, or without an audio stream, is `audio_corrupt`.
 */
export async function probeAudio(
  file: string,
  tools: FfmpegTools = DEFAULT_FFMPEG,
  timeoutMs = 60_000,
): Promise<ProbeResult> {
  const r = await runTool(
    tools.ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', '-select_streams', 'a', file],
    { timeoutMs },
  ).catch((e) => missingTool(tools.ffprobe, e));
  if (r.code !== 0) {
    throw new AudioError('audio_corrupt', '录音文件已损坏或格式无法识别', r.stderr.trim().slice(-500));
  }
  let doc: {
    streams?: { codec_name?: string; channels?: number; sample_rate?: string; duration?: string }[];
    format?: { duration?: string };
  };
  try {
    doc = JSON.parse(r.stdout.toString('utf8'));
  } catch {
    throw new AudioError('audio_corrupt', '录音文件已损坏或格式无法识别', 'ffprobe printed no JSON');
  }
  const stream = doc.streams?.[0];
  if (!stream) throw new AudioError('audio_corrupt', '文件中没有音轨', 'no audio stream');
  const seconds = Number(stream.duration ?? doc.format?.duration);
  return {
    durationMs: Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null,
    channels: stream.channels ?? 1,
    sampleRate: Number(stream.sample_rate ?? 0),
    codec: stream.codec_name ?? 'unknown',
  };
}

/**
 * Decodes a recording into 16 kHz mono signed 16-bit PCM files: one per channel (`split`, for
 * the two sides of a stereo call recording) or one downmix. Returns the file paths in channel
 * order. An undecodable file is `audio_corrupt`.
 */
export async function decodeToPcm(
  file: string,
  outDir: string,
  mode: 'split' | 'mix',
  options: { tools?: FfmpegTools; timeoutMs: number },
): Promise<string[]> {
  const tools = options.tools ?? DEFAULT_FFMPEG;
  const common = ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', file];
  const pcmOut = (path: string) => [
    '-ar',
    String(PCM_RATE),
    '-ac',
    '1',
    '-c:a',
    'pcm_s16le',
    '-f',
    's16le',
    path,
  ];
  let args: string[];
  let outputs: string[];
  if (mode === 'split') {
    outputs = [join(outDir, 'ch0.pcm'), join(outDir, 'ch1.pcm')];
    args = [
      ...common,
      '-filter_complex',
      '[0:a:0]aformat=channel_layouts=stereo,channelsplit=channel_layout=stereo[l][r]',
      '-map',
      '[l]',
      ...pcmOut(outputs[0]!),
      '-map',
      '[r]',
      ...pcmOut(outputs[1]!),
    ];
  } else {
    outputs = [join(outDir, 'mix.pcm')];
    args = [...common, '-map', '0:a:0', ...pcmOut(outputs[0]!)];
  }
  const r = await runTool(tools.ffmpeg, args, {
    timeoutMs: options.timeoutMs,
    maxStdoutBytes: 1024 * 1024,
  }).catch((e) => missingTool(tools.ffmpeg, e));
  if (r.timedOut)
    throw new AudioError('transcriber_timeout', '音频解码超时', `ffmpeg ran over ${options.timeoutMs} ms`);
  if (r.code !== 0) {
    throw new AudioError('audio_corrupt', '录音文件已损坏，无法解码', r.stderr.trim().slice(-500));
  }
  return outputs;
}
