// Converts the Debian packages' data files (checked and copied into build/data-src/ by
// scripts/fetch-data.sh) into the page's data sets: gzip-compressed LLDS files
// (web/src/data/llds-format.mjs), the packages' copyright files, and manifest.json.
//   node scripts/make-data.mjs SRC_DIR OUT_DIR PACKAGE=VERSION...
// Node built-ins only: the set-up runs it before npm packages are installed.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { encodeLlds } from '../web/src/data/llds-format.mjs';

/** Fashion-MNIST subset: the first N of each class, in file order (see the README for sizes). */
const FASHION_TRAIN_PER_CLASS = 500;
const FASHION_TEST_PER_CLASS = 100;
/** Digits: 360 of the 1,797 go to the test set (20%, as train_test_split(test_size=0.2)). */
const DIGITS_TEST_TOTAL = 360;

const DIGIT_CLASSES = '0123456789'.split('');
// The labels' names, in label order, from the Fashion-MNIST README.
const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Parses an idx file (big-endian header: magic 0x0000080D where D = rank, then the dims). */
function readIdx(bytes, name, wantRank) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== 0x800 + wantRank) throw new Error(`${name}: idx magic 0x${magic.toString(16)}, expected 0x${(0x800 + wantRank).toString(16)} (uint8, rank ${wantRank})`);
  const dims = Array.from({ length: wantRank }, (_, i) => view.getUint32(4 + 4 * i));
  const offset = 4 + 4 * wantRank;
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== offset + size) throw new Error(`${name}: ${bytes.length} bytes, expected ${offset + size} for dims ${dims.join('×')}`);
  return { dims, data: bytes.subarray(offset) };
}

/** The first `perClass` samples of each class, in file order. */
function firstPerClass(images, labels, perSample, numClasses, perClass, name) {
  const taken = new Array(numClasses).fill(0);
  const chosen = [];
  for (let i = 0; i < labels.length && chosen.length < numClasses * perClass; i++) {
    const c = labels[i];
    if (taken[c] < perClass) {
      taken[c] += 1;
      chosen.push(i);
    }
  }
  if (chosen.length !== numClasses * perClass) throw new Error(`${name}: only ${taken.join('/')} samples per class, wanted ${perClass}`);
  const pixels = new Uint8Array(chosen.length * perSample);
  chosen.forEach((i, k) => pixels.set(images.subarray(i * perSample, (i + 1) * perSample), k * perSample));
  return { pixels, labels: Uint8Array.from(chosen, (i) => labels[i]), lastIndex: chosen[chosen.length - 1] };
}

/** Parses sklearn's digits.csv.gz: 1,797 rows of 64 pixels (0..16) and the label. */
function readDigitsCsv(text, name) {
  const rows = text.trim().split('\n');
  const pixels = new Uint8Array(rows.length * 64);
  const labels = new Uint8Array(rows.length);
  rows.forEach((row, r) => {
    const values = row.split(',').map(Number);
    if (values.length !== 65 || values.some((v) => !Number.isInteger(v) || v < 0 || v > 16)) {
      throw new Error(`${name}: row ${r + 1} is not 64 pixels in 0..16 and a label: ${row.slice(0, 80)}`);
    }
    pixels.set(values.slice(0, 64), r * 64);
    labels[r] = values[64];
  });
  return { pixels, labels };
}

/**
 * A stratified split with exactly `testTotal` test samples: each class gets its share by
 * largest remainder (ties to the lower class), and within a class the test samples are spread
 * evenly through the file order (sample k of a class with n samples and t test places is a
 * test sample when floor((k+1)t/n) > floor(kt/n)), so every writer block contributes.
 * Returns a boolean per sample: true = test.
 */
function stratifiedTestMask(labels, numClasses, testTotal) {
  const counts = new Array(numClasses).fill(0);
  for (const c of labels) counts[c] += 1;
  const quotas = counts.map((n) => (n * testTotal) / labels.length);
  const places = quotas.map(Math.floor);
  const order = quotas.map((q, c) => [q - Math.floor(q), c]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const missing = testTotal - places.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) places[order[k][1]] += 1;
  const seen = new Array(numClasses).fill(0);
  return Array.from(labels, (c) => {
    const k = seen[c]++;
    return Math.floor(((k + 1) * places[c]) / counts[c]) > Math.floor((k * places[c]) / counts[c]);
  });
}

function splitByMask(pixels, labels, perSample, mask) {
  const pick = (want) => {
    const idx = [];
    mask.forEach((isTest, i) => isTest === want && idx.push(i));
    const out = new Uint8Array(idx.length * perSample);
    idx.forEach((i, k) => out.set(pixels.subarray(i * perSample, (i + 1) * perSample), k * perSample));
    return { pixels: out, labels: Uint8Array.from(idx, (i) => labels[i]) };
  };
  return { train: pick(false), test: pick(true) };
}

function classCounts(labels, numClasses) {
  const counts = new Array(numClasses).fill(0);
  for (const c of labels) counts[c] += 1;
  return counts;
}

function writeSet(outDir, id, set) {
  const content = encodeLlds(set);
  const gz = gzipSync(content, { level: 9 });
  const file = `${id}.llds.gz`;
  writeFileSync(join(outDir, file), gz);
  return { file, bytes: gz.length, sha256: sha256(gz), contentBytes: content.length, contentSha256: sha256(content) };
}

function main([srcDir, outDir, ...packageArgs]) {
  if (!srcDir || !outDir) throw new Error('usage: node scripts/make-data.mjs SRC_DIR OUT_DIR PACKAGE=VERSION...');
  const versions = Object.fromEntries(packageArgs.map((arg) => arg.split('=')));
  mkdirSync(outDir, { recursive: true });
  const read = (name) => readFileSync(join(srcDir, name));
  const sets = [];

  const digitsSrc = 'digits/digits.csv.gz';
  const digits = readDigitsCsv(gunzipSync(read(digitsSrc)).toString('utf8'), digitsSrc);
  const digitsSplit = splitByMask(digits.pixels, digits.labels, 64, stratifiedTestMask(digits.labels, 10, DIGITS_TEST_TOTAL));
  writeFileSync(join(outDir, 'digits.COPYRIGHT.txt'), read('digits/copyright'));
  sets.push({
    id: 'digits',
    name: 'Digits (8×8)',
    ...writeSet(outDir, 'digits', { shape: [8, 8], maxValue: 16, classNames: DIGIT_CLASSES, ...digitsSplit }),
    train: digitsSplit.train.labels.length,
    test: digitsSplit.test.labels.length,
    trainPerClass: classCounts(digitsSplit.train.labels, 10),
    testPerClass: classCounts(digitsSplit.test.labels, 10),
    inputShape: [64],
    imageShape: [8, 8],
    numClasses: 10,
    classNames: DIGIT_CLASSES,
    maxValue: 16,
    selection: `all 1,797 images; test = ${DIGITS_TEST_TOTAL} chosen per class in proportion (largest remainder) and evenly spaced through the file order, train = the rest; both in file order`,
    source: { package: 'python3-sklearn', version: versions['python3-sklearn'] ?? null, files: [{ path: '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz', sha256: sha256(read(digitsSrc)) }] },
    origin: 'UCI Optical Recognition of Handwritten Digits (E. Alpaydin, C. Kaynak, 1998), test set, as shipped by scikit-learn',
    licence: 'BSD-3-Clause (scikit-learn; Debian copyright file, "Files: *")',
    licenceFile: 'digits.COPYRIGHT.txt',
  });

  const fashion = {};
  for (const part of ['train', 't10k']) {
    const images = readIdx(gunzipSync(read(`fashion-mnist/${part}-images-idx3-ubyte.gz`)), `${part}-images-idx3-ubyte`, 3);
    const labels = readIdx(gunzipSync(read(`fashion-mnist/${part}-labels-idx1-ubyte.gz`)), `${part}-labels-idx1-ubyte`, 1);
    if (images.dims[0] !== labels.dims[0] || images.dims[1] !== 28 || images.dims[2] !== 28) {
      throw new Error(`fashion-mnist ${part}: images ${images.dims.join('×')} do not match labels ${labels.dims[0]}`);
    }
    const perClass = part === 'train' ? FASHION_TRAIN_PER_CLASS : FASHION_TEST_PER_CLASS;
    fashion[part] = firstPerClass(images.data, labels.data, 784, 10, perClass, `fashion-mnist ${part}`);
  }
  writeFileSync(join(outDir, 'fashion-mnist.COPYRIGHT.txt'), read('fashion-mnist/copyright'));
  const fashionFiles = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
  sets.push({
    id: 'fashion-mnist',
    name: 'Fashion-MNIST (28×28, subset)',
    ...writeSet(outDir, 'fashion-mnist', { shape: [28, 28], maxValue: 255, classNames: FASHION_CLASSES, train: fashion.train, test: fashion.t10k }),
    train: fashion.train.labels.length,
    test: fashion.t10k.labels.length,
    trainPerClass: classCounts(fashion.train.labels, 10),
    testPerClass: classCounts(fashion.t10k.labels, 10),
    inputShape: [784],
    imageShape: [28, 28],
    numClasses: 10,
    classNames: FASHION_CLASSES,
    maxValue: 255,
    selection: `the first ${FASHION_TRAIN_PER_CLASS} of each class from train-images-idx3-ubyte (indices 0 to ${fashion.train.lastIndex}) and the first ${FASHION_TEST_PER_CLASS} of each class from t10k-images-idx3-ubyte (indices 0 to ${fashion.t10k.lastIndex}), in file order`,
    source: {
      package: 'dataset-fashion-mnist',
      version: versions['dataset-fashion-mnist'] ?? null,
      files: fashionFiles.map((f) => ({ path: `/usr/share/datasets/fashion-mnist/${f}`, sha256: sha256(read(`fashion-mnist/${f}`)) })),
    },
    origin: 'Fashion-MNIST, Zalando Research (https://github.com/zalandoresearch/fashion-mnist)',
    licence: 'MIT (Expat), Copyright 2017 Zalando SE',
    licenceFile: 'fashion-mnist.COPYRIGHT.txt',
  });

  const manifest = { format: 'LLDS', version: 1, normalisation: 'x = pixel / maxValue, in [0, 1]', sets };
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const s of sets) {
    console.log(`  ${s.file}: ${s.train} train + ${s.test} test, ${s.bytes} bytes gzip (${s.contentBytes} raw)`);
  }
}

main(process.argv.slice(2));
