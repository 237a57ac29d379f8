import { describe, expect, it } from 'vitest';
import { detectAudioFormat } from '../../pipeline/audio/audio-format.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const pad = (b: Buffer, n = 64) => Buffer.concat([b, Buffer.alloc(Math.max(0, n - b.length))]);

describe('detectAudioFormat (by content, never by name)', () => {
  it.each([
    ['wav', pad(bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '))],
    ['wav', pad(bytes('RF64', [0xff, 0xff, 0xff, 0xff], 'WAVEds64'))],
    ['mp3', pad(bytes('ID3', [4, 0, 0, 0, 0, 0, 0]))],
    ['mp3', pad(bytes([0xff, 0xfb, 0x90, 0x64]))],
    ['aac', pad(bytes([0xff, 0xf1, 0x50, 0x80, 0x2e, 0x7f, 0xfc]))],
    ['m4a', pad(bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0]))],
    ['m4a', pad(bytes([0, 0, 0, 0x1c], 'ftypisom'))],
    ['m4a', pad(bytes([0, 0, 0, 0x18], 'ftyp3gp4'))],
    ['amr', pad(bytes('#!AMR\n', [0x3c]))],
    ['amr', pad(bytes('#!AMR-WB\n'))],
    ['ogg', pad(bytes('OggS', [0, 2], Buffer.alloc(22).toString('latin1'), [1], 'vorbis'))],
    ['opus', pad(bytes('OggS', [0, 2], Buffer.alloc(22).toString('latin1'), 'OpusHead'))],
    ['flac', pad(bytes('fLaC', [0, 0, 0, 0x22]))],
    ['silk', pad(bytes([0x02], '#!SILK_V3'))],
    ['silk', pad(bytes('#!SILK_V3'))],
    ['empty', Buffer.alloc(0)],
  ])('accepts %s', (format, head) => {
    expect(detectAudioFormat(head)).toMatchObject({ accepted: true, format });
  });

  it.each([
    ['png', pad(bytes([0x89], 'PNG\r\n\u001a\n'))],
    ['jpeg', pad(bytes([0xff, 0xd8, 0xff, 0xe0]))],
    ['pdf', pad(bytes('%PDF-1.7\n'))],
    ['zip', pad(bytes('PK\u0003\u0004'))],
    ['webm/matroska', pad(bytes([0x1a, 0x45, 0xdf, 0xa3]))],
    ['avi', pad(bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'))],
    ['json', Buffer.from('{"repId":"rep-zhang","utterances":[]}')],
    ['text', Buffer.from('这不是录音 just some words in a text file\n')],
    ['unknown', Buffer.from([0x00, 0x13, 0x37, 0x42, 0x99, 0x01])],
  ])('rejects %s and names it', (format, head) => {
    expect(detectAudioFormat(head)).toMatchObject({ accepted: false, format });
  });

  it('is not fooled by an MP3-looking sync word with invalid header fields', () => {
    // 0xFFE sync but bitrate index 15 (forbidden) and sample-rate index 3 (reserved).
    expect(detectAudioFormat(pad(bytes([0xff, 0xfb, 0xfc, 0x00])))).toMatchObject({ accepted: false });
  });
});
