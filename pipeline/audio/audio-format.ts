/**
 * Audio format detection by content (magic bytes), never by file name or the client's
 * Content-Type: a WeChat voice message is SILK v3 whatever it is called, and a `.mp3` that is
 * really a PNG is a PNG.
 */

/** Formats the intake accepts. `empty` is a zero-byte upload: accepted, then failed with a reason. */
export const AUDIO_FORMATS = [
  'wav',
  'mp3',
  'm4a',
  'aac',
  'amr',
  'ogg',
  'opus',
  'flac',
  'silk',
  'empty',
] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];

export type Detected =
  | { accepted: true; format: AudioFormat; mime: string }
  | { accepted: false; format: string; mime: string };

const ascii = (buf: Uint8Array, at: number, text: string): boolean => {
  if (buf.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (buf[at + i] !== text.charCodeAt(i)) return false;
  return true;
};

/** An MPEG audio frame header (layer I-III) at `at`: sync, version, layer, bitrate and rate indexes valid. */
function mpegFrameAt(buf: Uint8Array, at: number): boolean {
  if (buf.length < at + 4) return false;
  const b1 = buf[at + 1]!;
  const b2 = buf[at + 2]!;
  if (buf[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  const bitrate = b2 >> 4;
  const rate = (b2 >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 0 && bitrate !== 15 && rate !== 3;
}

/** ADTS (raw AAC) header: 12-bit sync, layer 0. */
function adtsAt(buf: Uint8Array, at: number): boolean {
  return buf.length >= at + 7 && buf[at] === 0xff && (buf[at + 1]! & 0xf6) === 0xf0;
}

/**
 * Detects the container/codec of an upload from its first bytes (64 are plenty; pass more for
 * MP3 without an ID3 tag). Non-audio types are named so the 415 can say what was sent.
 */
export function detectAudioFormat(head: Uint8Array): Detected {
  const ok = (format: AudioFormat, mime: string): Detected => ({ accepted: true, format, mime });
  const no = (format: string, mime: string): Detected => ({ accepted: false, format, mime });
  if (head.length === 0) return ok('empty', 'application/octet-stream');
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return ok('wav', 'audio/wav');
  if (ascii(head, 0, 'RF64') && ascii(head, 8, 'WAVE')) return ok('wav', 'audio/wav');
  if (ascii(head, 0, 'fLaC')) return ok('flac', 'audio/flac');
  if (ascii(head, 0, 'OggS')) {
    // The first page carries the codec's identification header.
    return ascii(head, 28, 'OpusHead') ? ok('opus', 'audio/ogg; codecs=opus') : ok('ogg', 'audio/ogg');
  }
  // AMR-NB ("#!AMR\n") and AMR-WB ("#!AMR-WB\n"): phone exports; ffmpeg decodes both.
  if (ascii(head, 0, '#!AMR')) return ok('amr', 'audio/amr');
  // WeChat/QQ voice: "#!SILK_V3", often behind one 0x02 byte.
  if (ascii(head, 0, '#!SILK_V3') || (head[0] === 0x02 && ascii(head, 1, '#!SILK_V3')))
    return ok('silk', 'audio/silk');
  if (ascii(head, 4, 'ftyp')) {
    const brand = String.fromCharCode(...head.subarray(8, 12));
    if (/^(qt {2}|3gp|3g2)/.test(brand) && !/^M4A/.test(brand)) {
      // Phone recorders write 3GP containers with AMR or AAC audio: ffmpeg reads both.
      return ok('m4a', 'audio/3gpp');
    }
    if (/^(M4A |M4B |mp4|isom|iso[2-9]|MSNV|dash|avc1|f4a |F4A )/.test(brand)) return ok('m4a', 'audio/mp4');
    return no(`mp4 (${brand.trim()})`, 'video/mp4');
  }
  if (ascii(head, 0, 'ID3')) return ok('mp3', 'audio/mpeg');
  if (adtsAt(head, 0)) return ok('aac', 'audio/aac');
  if (mpegFrameAt(head, 0)) return ok('mp3', 'audio/mpeg');

  // Not audio we accept: name what it is.
  if (ascii(head, 0, '%PDF')) return no('pdf', 'application/pdf');
  if (head[0] === 0x89 && ascii(head, 1, 'PNG')) return no('png', 'image/png');
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return no('jpeg', 'image/jpeg');
  if (ascii(head, 0, 'GIF8')) return no('gif', 'image/gif');
  if (ascii(head, 0, 'PK\u0003\u0004')) return no('zip', 'application/zip');
  if (head[0] === 0x1f && head[1] === 0x8b) return no('gzip', 'application/gzip');
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3)
    return no('webm/matroska', 'video/webm');
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'AVI ')) return no('avi', 'video/x-msvideo');
  if (ascii(head, 0, '.snd')) return no('au', 'audio/basic');
  if (ascii(head, 0, 'FORM') && ascii(head, 8, 'AIF')) return no('aiff', 'audio/aiff');
  if (ascii(head, 0, '0&\u00b2u')) return no('wma/asf', 'video/x-ms-asf');
  const sample = head.subarray(0, 256);
  let text: string | undefined;
  try {
    // Cut at a character boundary: drop up to 3 trailing bytes of a split UTF-8 sequence.
    let end = sample.length;
    while (end > 0 && end > sample.length - 4 && (sample[end - 1]! & 0xc0) === 0x80) end--;
    if (end > 0 && sample[end - 1]! >= 0xc0) end--;
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end)).trimStart();
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    if (text.startsWith('{') || text.startsWith('[')) return no('json', 'application/json');
    if (/^<(\?xml|!doctype|html)/i.test(text)) return no('html/xml', 'text/html');
    const control = [...text].some((c) => c < ' ' && c !== '\t' && c !== '\n' && c !== '\r');
    if (text.length >= 8 && !control) return no('text', 'text/plain');
  }
  return no('unknown', 'application/octet-stream');
}

/** File extension used for stored recordings of each format. */
export const FORMAT_EXTENSION: Record<AudioFormat, string> = {
  wav: 'wav',
  mp3: 'mp3',
  m4a: 'm4a',
  aac: 'aac',
  amr: 'amr',
  ogg: 'ogg',
  opus: 'opus',
  flac: 'flac',
  silk: 'silk',
  empty: 'bin',
};
