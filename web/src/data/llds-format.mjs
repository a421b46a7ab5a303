// The layerlab data set format ("LLDS", version 1): one file holds a data set's train and test
// images, labels and class names. It is plain JavaScript so that scripts/make-data.mjs (Node,
// run by the set-up before any npm package exists) and the page's TypeScript decoder
// (llds-decode.ts) share one definition. Files are served gzip-compressed (.llds.gz).
//
// All integers little-endian; pixels and labels are uint8, samples row-major.
//   offset  size  field
//        0     4  magic "LLDS"
//        4     2  version (1)
//        6     1  rank of one sample's shape (1 to 4)
//        7     1  maxValue: the largest pixel value the source allows (16 digits, 255 Fashion-MNIST)
//        8     4  nTrain
//       12     4  nTest
//       16     2  numClasses (1 to 256)
//       18     2  reserved, 0
//       20  4*rank  the sample's dimensions, e.g. 28, 28
//        …        numClasses class names, each a uint8 byte length + UTF-8 bytes
//        …        pixels: (nTrain + nTest) * prod(dims) bytes, train samples first
//        …        labels: nTrain + nTest bytes, class indices, train first
// Nothing follows the labels.

export const LLDS_MAGIC = 'LLDS';
export const LLDS_VERSION = 1;
export const LLDS_FIXED_HEADER_BYTES = 20;
export const LLDS_MAX_RANK = 4;

/**
 * Encodes a data set. `set` = { shape, maxValue, classNames, train: { pixels, labels },
 * test: { pixels, labels } } with Uint8Array pixels (n * prod(shape)) and labels (n).
 * Throws on anything the decoder would reject, so a bad file is never written.
 */
export function encodeLlds(set) {
  const { shape, maxValue, classNames, train, test } = set;
  if (!Array.isArray(shape) || shape.length < 1 || shape.length > LLDS_MAX_RANK) {
    throw new RangeError(`LLDS: shape must have 1 to ${LLDS_MAX_RANK} dimensions, got ${JSON.stringify(shape)}`);
  }
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 1 || d > 0xffffffff) throw new RangeError(`LLDS: bad dimension ${d} in shape ${JSON.stringify(shape)}`);
  }
  if (!Number.isInteger(maxValue) || maxValue < 1 || maxValue > 255) throw new RangeError(`LLDS: maxValue must be 1 to 255, got ${maxValue}`);
  if (classNames.length < 1 || classNames.length > 256) throw new RangeError(`LLDS: 1 to 256 classes, got ${classNames.length}`);
  const names = classNames.map((name) => new TextEncoder().encode(name));
  names.forEach((bytes, c) => {
    if (bytes.length > 255) throw new RangeError(`LLDS: class name ${c} is ${bytes.length} bytes, over 255`);
  });
  const perSample = shape.reduce((a, b) => a * b, 1);
  for (const [part, split] of [['train', train], ['test', test]]) {
    const n = split.labels.length;
    if (split.pixels.length !== n * perSample) {
      throw new RangeError(`LLDS: ${part} has ${n} labels but ${split.pixels.length} pixels, not ${n * perSample}`);
    }
    split.labels.forEach((label, i) => {
      if (label >= classNames.length) throw new RangeError(`LLDS: ${part} label ${i} is ${label}, not below ${classNames.length}`);
    });
    split.pixels.forEach((value, i) => {
      if (value > maxValue) throw new RangeError(`LLDS: ${part} pixel ${i} is ${value}, above maxValue ${maxValue}`);
    });
  }
  const namesBytes = names.reduce((sum, bytes) => sum + 1 + bytes.length, 0);
  const n = train.labels.length + test.labels.length;
  const out = new Uint8Array(LLDS_FIXED_HEADER_BYTES + 4 * shape.length + namesBytes + n * perSample + n);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(LLDS_MAGIC), 0);
  view.setUint16(4, LLDS_VERSION, true);
  view.setUint8(6, shape.length);
  view.setUint8(7, maxValue);
  view.setUint32(8, train.labels.length, true);
  view.setUint32(12, test.labels.length, true);
  view.setUint16(16, classNames.length, true);
  let at = LLDS_FIXED_HEADER_BYTES;
  for (const d of shape) {
    view.setUint32(at, d, true);
    at += 4;
  }
  for (const bytes of names) {
    out[at] = bytes.length;
    out.set(bytes, at + 1);
    at += 1 + bytes.length;
  }
  out.set(train.pixels, at);
  out.set(test.pixels, at + train.pixels.length);
  at += n * perSample;
  out.set(train.labels, at);
  out.set(test.labels, at + train.labels.length);
  return out;
}
