// Reads the LLDS format (layout in llds-format.mjs). Every way a file can be wrong gets its own
// message naming the file and the field, since a damaged download must be told apart from a
// stale manifest or a file that is still compressed.
import { LLDS_FIXED_HEADER_BYTES, LLDS_MAGIC, LLDS_MAX_RANK, LLDS_VERSION, type LldsSet } from './llds-format.mjs';

/** A data file that cannot be read; the message starts with the file's name. */
export class DataFormatError extends Error {
  constructor(source: string, detail: string) {
    super(`${source}: ${detail}`);
    this.name = 'DataFormatError';
  }
}

export function decodeLlds(bytes: Uint8Array, source = 'data set'): LldsSet {
  const fail = (detail: string): never => {
    throw new DataFormatError(source, detail);
  };
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) fail('still gzip-compressed (starts with 1f 8b); decompress it first');
  if (bytes.length < LLDS_FIXED_HEADER_BYTES) fail(`truncated: ${bytes.length} bytes, the header alone needs ${LLDS_FIXED_HEADER_BYTES}`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== LLDS_MAGIC) fail(`bad magic ${hex(bytes.subarray(0, 4))}, expected "${LLDS_MAGIC}" (${hex(new TextEncoder().encode(LLDS_MAGIC))})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== LLDS_VERSION) fail(`format version ${version}, this page reads version ${LLDS_VERSION}`);
  const rank = view.getUint8(6);
  if (rank < 1 || rank > LLDS_MAX_RANK) fail(`rank ${rank}, expected 1 to ${LLDS_MAX_RANK}`);
  const maxValue = view.getUint8(7);
  if (maxValue === 0) fail('maxValue 0, expected 1 to 255');
  const nTrain = view.getUint32(8, true);
  const nTest = view.getUint32(12, true);
  const numClasses = view.getUint16(16, true);
  if (numClasses < 1 || numClasses > 256) fail(`${numClasses} classes, expected 1 to 256`);
  if (view.getUint16(18, true) !== 0) fail('reserved bytes 18-19 are not 0');

  let at = LLDS_FIXED_HEADER_BYTES;
  const need = (count: number, what: string): void => {
    if (at + count > bytes.length) fail(`truncated in the ${what}: needs bytes up to ${at + count}, the file has ${bytes.length}`);
  };
  need(4 * rank, 'dimensions');
  const shape: number[] = [];
  for (let i = 0; i < rank; i++, at += 4) {
    const d = view.getUint32(at, true);
    if (d === 0) fail(`dimension ${i} is 0`);
    shape.push(d);
  }
  const classNames: string[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (let c = 0; c < numClasses; c++) {
    need(1, `name of class ${c}`);
    const length = bytes[at] ?? 0;
    at += 1;
    need(length, `name of class ${c}`);
    try {
      classNames.push(utf8.decode(bytes.subarray(at, at + length)));
    } catch {
      fail(`the name of class ${c} is not valid UTF-8`);
    }
    at += length;
  }

  const perSample = shape.reduce((a, b) => a * b, 1);
  const n = nTrain + nTest;
  const expected = at + n * perSample + n;
  if (bytes.length < expected) {
    fail(`truncated: ${nTrain} + ${nTest} samples of ${shape.join('×')} need ${expected} bytes (header ${at}, pixels ${n * perSample}, labels ${n}), the file has ${bytes.length}`);
  }
  if (bytes.length > expected) fail(`${bytes.length - expected} unexpected bytes after the labels (${expected} expected for ${nTrain} + ${nTest} samples, got ${bytes.length})`);

  const pixels = bytes.subarray(at, at + n * perSample);
  const labels = bytes.subarray(at + n * perSample, expected);
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i] ?? 0;
    if (value > maxValue) {
      const sample = Math.floor(i / perSample);
      fail(`${sampleName(sample, nTrain)} has pixel value ${value} at index ${i % perSample}, above the header's maximum ${maxValue}`);
    }
  }
  for (let i = 0; i < n; i++) {
    const label = labels[i] ?? 0;
    if (label >= numClasses) fail(`${sampleName(i, nTrain)} has label ${label}, but there are ${numClasses} classes`);
  }
  return {
    shape,
    maxValue,
    classNames,
    train: { pixels: pixels.subarray(0, nTrain * perSample), labels: labels.subarray(0, nTrain) },
    test: { pixels: pixels.subarray(nTrain * perSample), labels: labels.subarray(nTrain) },
  };
}

function sampleName(index: number, nTrain: number): string {
  return index < nTrain ? `train sample ${index}` : `test sample ${index - nTrain}`;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
