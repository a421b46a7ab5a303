// Small LLDS data sets and a fake fetch for the data tests (no files, no network).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { encodeLlds, type LldsSet } from '../../../web/src/data/llds-format.mjs';
import type { ManifestSet } from '../../../web/src/data/manifest.ts';

/** 3 classes of 2×3 images, values 0..maxValue: 5 train + 2 test samples. */
export function tinySet(maxValue = 16): LldsSet {
  const pixels = (n: number, offset: number): Uint8Array => Uint8Array.from({ length: n * 6 }, (_, i) => (i * 7 + offset) % (maxValue + 1));
  return {
    shape: [2, 3],
    maxValue,
    classNames: ['zero', 'one', 'twö'],
    train: { pixels: pixels(5, 0), labels: Uint8Array.of(0, 1, 2, 1, 0) },
    test: { pixels: pixels(2, 3), labels: Uint8Array.of(2, 0) },
  };
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The set as make-data.mjs would publish it: gzip bytes and a manifest entry that fits. */
export function published(set: LldsSet, file = 'tiny.llds.gz'): { gz: Uint8Array; entry: ManifestSet } {
  const content = encodeLlds(set);
  const gz = new Uint8Array(gzipSync(content));
  const perClass = (labels: Uint8Array): number[] => set.classNames.map((_, c) => labels.filter((l) => l === c).length);
  return {
    gz,
    entry: {
      id: 'tiny',
      name: 'Tiny',
      file,
      bytes: gz.length,
      sha256: sha256(gz),
      contentBytes: content.length,
      contentSha256: sha256(content),
      train: set.train.labels.length,
      test: set.test.labels.length,
      trainPerClass: perClass(set.train.labels),
      testPerClass: perClass(set.test.labels),
      inputShape: [set.shape.reduce((a, b) => a * b, 1)],
      imageShape: [set.shape[0] ?? 0, set.shape[1] ?? 0],
      numClasses: set.classNames.length,
      classNames: [...set.classNames],
      maxValue: set.maxValue,
      selection: 'made by the test',
      source: { package: 'none', version: null, files: [] },
      origin: 'tests/web/data/fixtures.ts',
      licence: 'MIT',
      licenceFile: 'tiny.COPYRIGHT.txt',
    },
  };
}

/** A fetch that serves `files` by URL, each body in chunks of `chunk` bytes; unknown URLs are 404. */
export function fakeFetch(files: Record<string, Uint8Array>, chunk = 1000, headers: Record<string, string> = {}) {
  const requested: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    requested.push(url);
    const bytes = files[url];
    if (!bytes) return new Response('not found', { status: 404, statusText: 'Not Found' });
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(at, at + chunk));
        at += chunk;
      },
    });
    return new Response(body, { headers: { 'Content-Length': String(bytes.length), ...headers } });
  };
  return { fetch, requested };
}
