import { describe, expect, it } from 'vitest';
import { DataFormatError, decodeLlds } from '../../../web/src/data/llds-decode.ts';
import { encodeLlds, LLDS_FIXED_HEADER_BYTES } from '../../../web/src/data/llds-format.mjs';
import { tinySet } from './fixtures.ts';

/** The encoded tiny set with `edit` applied to a copy of its bytes. */
function edited(edit: (bytes: Uint8Array, view: DataView) => void): Uint8Array {
  const bytes = encodeLlds(tinySet()).slice();
  edit(bytes, new DataView(bytes.buffer));
  return bytes;
}

// Header 20 + dims 8 + names (1+4, 1+3, 1+4) = 42; then 7 × 6 pixels, then 7 labels.
const NAMES_END = 42;
const LABELS_AT = NAMES_END + 7 * 6;

describe('LLDS format', () => {
  it('round-trips shape, maxValue, class names (UTF-8), pixels and labels', () => {
    const set = tinySet();
    const bytes = encodeLlds(set);
    expect(bytes.length).toBe(LABELS_AT + 7);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('LLDS');
    const back = decodeLlds(bytes, 'tiny');
    expect(back.shape).toEqual([2, 3]);
    expect(back.maxValue).toBe(16);
    expect(back.classNames).toEqual(['zero', 'one', 'twö']);
    expect(Array.from(back.train.pixels)).toEqual(Array.from(set.train.pixels));
    expect(Array.from(back.train.labels)).toEqual([0, 1, 2, 1, 0]);
    expect(Array.from(back.test.pixels)).toEqual(Array.from(set.test.pixels));
    expect(Array.from(back.test.labels)).toEqual([2, 0]);
  });

  it('round-trips an empty test split and 1-D and 4-D samples', () => {
    for (const shape of [[5], [1, 2, 1, 2]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const set = { shape, maxValue: 255, classNames: ['a'], train: { pixels: new Uint8Array(2 * n).fill(255), labels: new Uint8Array(2) }, test: { pixels: new Uint8Array(0), labels: new Uint8Array(0) } };
      const back = decodeLlds(encodeLlds(set));
      expect(back.shape).toEqual(shape);
      expect(back.train.pixels.every((v) => v === 255)).toBe(true);
      expect(back.test.labels.length).toBe(0);
    }
  });

  const errors: [string, Uint8Array, string][] = [
    ['empty', new Uint8Array(0), 'f: truncated: 0 bytes, the header alone needs 20'],
    ['still gzip', Uint8Array.of(0x1f, 0x8b, 8, 0), 'f: still gzip-compressed (starts with 1f 8b); decompress it first'],
    ['bad magic', edited((b) => b.set([0x50, 0x4b, 3, 4], 0)), 'f: bad magic 50 4b 03 04, expected "LLDS" (4c 4c 44 53)'],
    ['version', edited((_, v) => v.setUint16(4, 2, true)), 'f: format version 2, this page reads version 1'],
    ['rank 0', edited((_, v) => v.setUint8(6, 0)), 'f: rank 0, expected 1 to 4'],
    ['rank 5', edited((_, v) => v.setUint8(6, 5)), 'f: rank 5, expected 1 to 4'],
    ['maxValue 0', edited((_, v) => v.setUint8(7, 0)), 'f: maxValue 0, expected 1 to 255'],
    ['no classes', edited((_, v) => v.setUint16(16, 0, true)), 'f: 0 classes, expected 1 to 256'],
    ['too many classes', edited((_, v) => v.setUint16(16, 257, true)), 'f: 257 classes, expected 1 to 256'],
    ['reserved', edited((_, v) => v.setUint16(18, 1, true)), 'f: reserved bytes 18-19 are not 0'],
    ['zero dimension', edited((_, v) => v.setUint32(24, 0, true)), 'f: dimension 1 is 0'],
    ['cut in the dims', encodeLlds(tinySet()).subarray(0, 22), 'f: truncated in the dimensions: needs bytes up to 28, the file has 22'],
    ['cut in a name', encodeLlds(tinySet()).subarray(0, 30), 'f: truncated in the name of class 0: needs bytes up to 33, the file has 30'],
    ['bad UTF-8', edited((b) => b.set([0xff], 29)), 'f: the name of class 0 is not valid UTF-8'],
    ['cut in the pixels', encodeLlds(tinySet()).subarray(0, 50), 'f: truncated: 5 + 2 samples of 2×3 need 91 bytes (header 42, pixels 42, labels 7), the file has 50'],
    ['one label short', encodeLlds(tinySet()).subarray(0, LABELS_AT + 6), 'f: truncated: 5 + 2 samples of 2×3 need 91 bytes (header 42, pixels 42, labels 7), the file has 90'],
    ['counts too high', edited((_, v) => v.setUint32(8, 6, true)), 'f: truncated: 6 + 2 samples of 2×3 need 98 bytes (header 42, pixels 48, labels 8), the file has 91'],
    ['counts too low', edited((_, v) => v.setUint32(12, 1, true)), 'f: 7 unexpected bytes after the labels (84 expected for 5 + 1 samples, got 91)'],
    ['pixel above max', edited((b) => (b[NAMES_END + 6 * 5 + 4] = 17)), 'f: test sample 0 has pixel value 17 at index 4, above the header\'s maximum 16'],
    ['label out of range', edited((b) => (b[LABELS_AT + 3] = 3)), 'f: train sample 3 has label 3, but there are 3 classes'],
  ];
  it.each(errors)('rejects %s with a precise DataFormatError', (_, bytes, message) => {
    expect(() => decodeLlds(bytes, 'f')).toThrow(DataFormatError);
    expect(() => decodeLlds(bytes, 'f')).toThrow(message);
  });

  it('appending bytes is an error, not ignored', () => {
    const bytes = encodeLlds(tinySet());
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => decodeLlds(longer, 'f')).toThrow('f: 1 unexpected bytes after the labels (91 expected for 5 + 2 samples, got 92)');
  });

  it('the encoder refuses what the decoder would reject', () => {
    const set = tinySet();
    expect(() => encodeLlds({ ...set, shape: [] })).toThrow('LLDS: shape must have 1 to 4 dimensions, got []');
    expect(() => encodeLlds({ ...set, shape: [2, 0] })).toThrow('LLDS: bad dimension 0 in shape [2,0]');
    expect(() => encodeLlds({ ...set, maxValue: 256 })).toThrow('LLDS: maxValue must be 1 to 255, got 256');
    expect(() => encodeLlds({ ...set, classNames: [] })).toThrow('LLDS: 1 to 256 classes, got 0');
    expect(() => encodeLlds({ ...set, classNames: ['x'.repeat(256), 'b', 'c'] })).toThrow('LLDS: class name 0 is 256 bytes, over 255');
    expect(() => encodeLlds({ ...set, train: { ...set.train, labels: Uint8Array.of(0, 1) } })).toThrow('LLDS: train has 2 labels but 30 pixels, not 12');
    expect(() => encodeLlds({ ...set, test: { ...set.test, labels: Uint8Array.of(0, 3) } })).toThrow('LLDS: test label 1 is 3, not below 3');
    expect(() => encodeLlds({ ...set, maxValue: 15 })).toThrow('LLDS: train pixel 12 is 16, above maxValue 15');
  });

  it('keeps the fixed header size the layout comment documents', () => {
    expect(LLDS_FIXED_HEADER_BYTES).toBe(20);
  });
});
