import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchBytes, type Progress } from '../../../web/src/data/fetch-bytes.ts';
import { isGzip, streamGunzip } from '../../../web/src/data/gunzip.ts';
import { encodeLlds } from '../../../web/src/data/llds-format.mjs';
import { loadImageSet, loadManifest } from '../../../web/src/data/load.ts';
import { parseManifest } from '../../../web/src/data/manifest.ts';
import { fakeFetch, published, tinySet } from './fixtures.ts';

const BASE = 'http://site.test/data/';
const URL_OF = `${BASE}tiny.llds.gz`;

describe('fetchBytes', () => {
  it('returns the body and reports progress after every chunk, ending at the total', async () => {
    const body = Uint8Array.from({ length: 2500 }, (_, i) => i % 251);
    const { fetch } = fakeFetch({ [URL_OF]: body }, 1000);
    const seen: Progress[] = [];
    const bytes = await fetchBytes(URL_OF, { fetch, onProgress: (p) => seen.push({ ...p }) });
    expect(Array.from(bytes)).toEqual(Array.from(body));
    expect(seen).toEqual([0, 1000, 2000, 2500].map((received) => ({ received, total: 2500 })));
  });

  it('prefers the expected size to Content-Length for the total', async () => {
    const { fetch } = fakeFetch({ [URL_OF]: new Uint8Array(10) });
    const seen: Progress[] = [];
    await fetchBytes(URL_OF, { fetch, expectedBytes: 12, onProgress: (p) => seen.push({ ...p }) });
    expect(seen.at(-1)).toEqual({ received: 10, total: 12 });
  });

  it('ignores Content-Length when a Content-Encoding applies (it counts the encoded bytes)', async () => {
    const { fetch } = fakeFetch({ [URL_OF]: new Uint8Array(10) }, 1000, { 'Content-Encoding': 'gzip' });
    const seen: Progress[] = [];
    await fetchBytes(URL_OF, { fetch, onProgress: (p) => seen.push({ ...p }) });
    expect(seen.at(-1)).toEqual({ received: 10, total: null });
  });

  it('says which URL failed and how', async () => {
    await expect(fetchBytes(URL_OF, { fetch: fakeFetch({}).fetch })).rejects.toThrow(`${URL_OF}: HTTP 404 Not Found; the data sets are made by the set-up (npm run setup)`);
    const offline = async (): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    };
    await expect(fetchBytes(URL_OF, { fetch: offline })).rejects.toThrow(`${URL_OF}: download failed (Failed to fetch)`);
  });
});

describe('gunzip', () => {
  it('DecompressionStream (global in Node 18+) inflates gzip', async () => {
    const raw = encodeLlds(tinySet());
    const gz = new Uint8Array(gzipSync(raw));
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(raw)).toBe(false);
    expect(Array.from(await streamGunzip()(gz))).toEqual(Array.from(raw));
  });
});

describe('without DecompressionStream', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('streamGunzip and the loader say what is missing, not that the data is damaged', async () => {
    vi.stubGlobal('DecompressionStream', undefined);
    const message = 'this browser cannot decompress gzip (no DecompressionStream); use a current Chromium, Firefox or Safari';
    expect(() => streamGunzip()).toThrow(message);
    const { gz, entry } = published(tinySet());
    await expect(loadImageSet(BASE, entry, { fetch: fakeFetch({ [URL_OF]: gz }).fetch })).rejects.toThrow(message);
  });
});

describe('loadImageSet', () => {
  it('downloads, checks and normalises a set: x = pixel / maxValue, labels as class indices', async () => {
    const set = tinySet(16);
    const { gz, entry } = published(set);
    const seen: Progress[] = [];
    const d = await loadImageSet(BASE, entry, { fetch: fakeFetch({ [URL_OF]: gz }, 10).fetch, onProgress: (p) => seen.push({ ...p }) });
    expect(d.name).toBe('Tiny');
    expect(d.inputShape).toEqual([6]);
    expect(d.imageShape).toEqual([2, 3]);
    expect([d.numClasses, d.classNames]).toEqual([3, ['zero', 'one', 'twö']]);
    expect([d.train.n, d.test.n]).toEqual([5, 2]);
    expect(Array.from(d.train.x)).toEqual(Array.from(set.train.pixels, (v) => Math.fround(v / 16)));
    expect(Array.from(d.test.y)).toEqual([2, 0]);
    expect(Math.max(...d.train.x)).toBe(1);
    expect(seen.at(-1)).toEqual({ received: gz.length, total: gz.length });
    expect(seen.length).toBeGreaterThan(2);
  });

  it('accepts content a host already decompressed (Content-Encoding: gzip), with progress towards its size', async () => {
    const { entry } = published(tinySet());
    const content = encodeLlds(tinySet());
    const seen: Progress[] = [];
    const d = await loadImageSet(BASE, entry, { fetch: fakeFetch({ [URL_OF]: content }).fetch, onProgress: (p) => seen.push({ ...p }) });
    expect(d.train.n).toBe(5);
    expect(seen.at(-1)).toEqual({ received: entry.contentBytes, total: entry.contentBytes });
    // ... and the content checks still apply
    const wrong = { ...entry, contentSha256: 'f'.repeat(64) };
    await expect(loadImageSet(BASE, wrong, { fetch: fakeFetch({ [URL_OF]: content }).fetch })).rejects.toThrow('does not match');
  });

  it('uses the gunzip it is given', async () => {
    const { gz, entry } = published(tinySet());
    let calls = 0;
    const gunzip = async (bytes: Uint8Array): Promise<Uint8Array> => {
      calls += 1;
      return streamGunzip()(bytes);
    };
    await loadImageSet(BASE, entry, { fetch: fakeFetch({ [URL_OF]: gz }).fetch, gunzip });
    expect(calls).toBe(1);
  });

  it('rejects a truncated download, damaged gzip, a wrong size or checksum, and a file that disagrees with the manifest', async () => {
    const { gz, entry } = published(tinySet());
    const load = (bytes: Uint8Array, e = entry) => loadImageSet(BASE, e, { fetch: fakeFetch({ [URL_OF]: bytes }).fetch });
    await expect(load(gz.subarray(0, gz.length - 5))).rejects.toThrow(`${URL_OF}: ${gz.length - 5} bytes downloaded, the manifest says ${gz.length} (truncated download)`);
    const damaged = gz.slice();
    damaged.fill(0xff, 12, 30);
    await expect(load(damaged)).rejects.toThrow(`${URL_OF}: the gzip data is damaged (`);
    await expect(load(gz, { ...entry, contentBytes: entry.contentBytes + 1 })).rejects.toThrow(`${URL_OF}: ${entry.contentBytes} bytes after decompression, the manifest says ${entry.contentBytes + 1}`);
    await expect(load(gz, { ...entry, contentSha256: '0'.repeat(64) })).rejects.toThrow(`does not match the manifest's ${'0'.repeat(64)}`);
    await expect(load(gz, { ...entry, train: 6 })).rejects.toThrow(`${URL_OF}: the file has train samples 5, the manifest says 6`);
    await expect(load(gz, { ...entry, test: 1 })).rejects.toThrow('the file has test samples 2, the manifest says 1');
    await expect(load(gz, { ...entry, imageShape: [3, 2] })).rejects.toThrow('the file has sample shape [2,3], the manifest says [3,2]');
    await expect(load(gz, { ...entry, classNames: ['a', 'b', 'c'] })).rejects.toThrow('the file has class names ["zero","one","twö"], the manifest says ["a","b","c"]');
    await expect(load(gz, { ...entry, maxValue: 255 })).rejects.toThrow('the file has maxValue 16, the manifest says 255');
  });

  it('a file that is no LLDS at all fails in the decoder, naming the URL', async () => {
    const junk = new TextEncoder().encode('<!doctype html><p>index page served for every path</p>');
    const { entry } = published(tinySet());
    const createHash = (await import('node:crypto')).createHash;
    const e = { ...entry, contentBytes: junk.length, contentSha256: createHash('sha256').update(junk).digest('hex') };
    await expect(loadImageSet(BASE, e, { fetch: fakeFetch({ [URL_OF]: junk }).fetch })).rejects.toThrow(`${URL_OF}: bad magic 3c 21 64 6f, expected "LLDS"`);
  });
});

describe('manifest', () => {
  const manifest = () => ({ format: 'LLDS', version: 1, normalisation: 'x = pixel / maxValue', sets: [published(tinySet()).entry] });

  it('loads and parses manifest.json relative to the base URL', async () => {
    const json = new TextEncoder().encode(JSON.stringify(manifest()));
    const { fetch, requested } = fakeFetch({ [`${BASE}manifest.json`]: json });
    const m = await loadManifest(BASE, { fetch });
    expect(requested).toEqual([`${BASE}manifest.json`]);
    expect(m.sets[0]).toEqual(published(tinySet()).entry);
  });

  it('names the field that is wrong', async () => {
    const bad = (edit: (m: ReturnType<typeof manifest>) => void): unknown => {
      const m = manifest();
      edit(m);
      return m;
    };
    expect(() => parseManifest(null)).toThrow('manifest.json: the manifest must be an object, got null');
    expect(() => parseManifest(bad((m) => (m.format = 'zip')))).toThrow('manifest.json: format must be "LLDS", got "zip"');
    expect(() => parseManifest(bad((m) => (m.sets[0]!.bytes = -1)))).toThrow('manifest.json: sets[0].bytes must be a whole number, got -1');
    expect(() => parseManifest(bad((m) => (m.sets[0]!.sha256 = 'abc')))).toThrow('manifest.json: sets[0].sha256 must be a SHA-256 in hex, got "abc"');
    expect(() => parseManifest(bad((m) => (m.sets[0]!.classNames = ['a'])))).toThrow('manifest.json: sets[0].classNames must be 3 names, got ["a"]');
    expect(() => parseManifest(bad((m) => (m.sets[0]!.imageShape = [1, 2, 3] as never)))).toThrow('manifest.json: sets[0].imageShape must be [height, width], got [1,2,3]');
    expect(() => parseManifest(bad((m) => (m.sets[0]!.source.files = [{ path: '', sha256: 'x' }])))).toThrow('manifest.json: sets[0].source.files[0].path must be a non-empty string, got ""');
    const notJson = fakeFetch({ [`${BASE}manifest.json`]: new TextEncoder().encode('{') }).fetch;
    await expect(loadManifest(BASE, { fetch: notJson })).rejects.toThrow(`${BASE}manifest.json: not JSON (`);
  });
});
