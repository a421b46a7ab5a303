// The files the set-up built (scripts/fetch-data.sh), read through the page's own loader.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../web/src/data/dataset.ts';
import { loadImageSet, loadManifest } from '../../../web/src/data/load.ts';
import type { Manifest } from '../../../web/src/data/manifest.ts';

const DIR = new URL('../../../web/public/data/', import.meta.url);
const BASE = 'http://site.test/data/';
const built = existsSync(new URL('manifest.json', DIR));
if (!built) console.warn('real-data.test.ts: skipped, web/public/data was not produced (run: bash scripts/fetch-data.sh)');

const fetch = async (url: string): Promise<Response> => new Response(readFileSync(new URL(url.slice(BASE.length), DIR)));

const perClass = (labels: Uint8Array, k: number): number[] => Array.from({ length: k }, (_, c) => labels.filter((l) => l === c).length);

describe.skipIf(!built)('the real data sets in web/public/data (skipped when the set-up has not built them)', () => {
  let manifest: Manifest;
  const sets = new Map<string, Dataset>();
  const load = async (id: string): Promise<Dataset> => {
    manifest ??= await loadManifest(BASE, { fetch });
    const entry = manifest.sets.find((s) => s.id === id);
    if (!entry) throw new Error(`manifest has no set "${id}"`);
    if (!sets.has(id)) sets.set(id, await loadImageSet(BASE, entry, { fetch }));
    return sets.get(id) as Dataset;
  };

  it('the manifest names each source package, version, licence and a licence file that exists', async () => {
    manifest = await loadManifest(BASE, { fetch });
    expect(manifest.sets.map((s) => [s.id, s.source.package, s.source.version])).toEqual([
      ['digits', 'python3-sklearn', '1.2.1+dfsg-1'],
      ['fashion-mnist', 'dataset-fashion-mnist', '0.0~git20200523.55506a9-1'],
    ]);
    for (const s of manifest.sets) {
      expect(existsSync(new URL(s.licenceFile, DIR))).toBe(true);
      expect(readFileSync(new URL(s.file, DIR)).length).toBe(s.bytes);
    }
    const total = manifest.sets.reduce((sum, s) => sum + s.bytes, 0);
    expect(total).toBeLessThan(3_000_000); // the page downloads at most about 3 MB
  });

  it('digits: all 1,797 images, split 1,437 / 360 by class in proportion, values 0..16 scaled to [0, 1]', async () => {
    const d = await load('digits');
    expect([d.train.n, d.test.n, d.inputShape, d.imageShape]).toEqual([1437, 360, [64], [8, 8]]);
    const train = perClass(d.train.y, 10);
    const test = perClass(d.test.y, 10);
    // sklearn's class sizes: 178, 182, 177, 183, 181, 182, 181, 179, 174, 180
    expect(train.map((t, c) => t + (test[c] ?? 0))).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    test.forEach((t, c) => expect(Math.abs(t / ((train[c] ?? 0) + t) - 0.2)).toBeLessThan(0.005));
    // the CSV's first row, 0,0,5,13,9,1,0,0,... label 0, is the first training sample
    expect(Array.from(d.train.x.subarray(0, 8), (v) => Math.round(v * 16))).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
    expect(d.train.y[0]).toBe(0);
    expect(Math.min(...d.train.x)).toBe(0);
    expect(Math.max(...d.train.x)).toBe(1);
  });

  it('Fashion-MNIST: 500 per class for training, 100 per class for test, 28×28 in [0, 1]', async () => {
    const d = await load('fashion-mnist');
    expect([d.train.n, d.test.n, d.inputShape, d.imageShape, d.numClasses]).toEqual([5000, 1000, [784], [28, 28], 10]);
    expect(perClass(d.train.y, 10)).toEqual(new Array(10).fill(500));
    expect(perClass(d.test.y, 10)).toEqual(new Array(10).fill(100));
    expect(d.classNames[9]).toBe('Ankle boot');
    expect(d.train.y[0]).toBe(9); // the first Fashion-MNIST training image is an ankle boot
    let max = 0;
    for (const v of d.train.x) max = Math.max(max, v);
    expect(max).toBe(1);
  });
});
