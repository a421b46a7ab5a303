// Loads the image sets the set-up built (web/public/data/, served as data/ beside the page):
// the manifest first (small; lets the page show every set's size and licence), then one set's
// file only when it is chosen. Each file is checked against the manifest: size, SHA-256 of the
// content (where Web Crypto exists: workers of a secure context, Node), header counts and
// class names, then normalised (dataset.ts).
import { type Dataset, imageDataset } from './dataset.ts';
import { type Fetch, fetchBytes, type ProgressCallback } from './fetch-bytes.ts';
import { type Gunzip, isGzip, streamGunzip } from './gunzip.ts';
import { DataFormatError, decodeLlds } from './llds-decode.ts';
import { type Manifest, type ManifestSet, parseManifest } from './manifest.ts';

export interface LoadOptions {
  fetch?: Fetch;
  /** Default: DecompressionStream('gzip'). */
  gunzip?: Gunzip;
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

/** `base` is the data folder's absolute URL, ending in '/' (e.g. new URL('data/', document.baseURI)). */
export async function loadManifest(base: string | URL, options: LoadOptions = {}): Promise<Manifest> {
  const url = new URL('manifest.json', base).href;
  const bytes = await fetchBytes(url, options);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new DataFormatError(url, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseManifest(json, url);
}

export async function loadImageSet(base: string | URL, entry: ManifestSet, options: LoadOptions = {}): Promise<Dataset> {
  const url = new URL(entry.file, base).href;
  // gzip starts with 0x1f, LLDS with "L": the first byte tells which of the two arrives.
  const expectedBytes = (start: Uint8Array): number => (start[0] === 0x1f ? entry.bytes : entry.contentBytes);
  const bytes = await fetchBytes(url, { ...options, expectedBytes });
  const content = await decompress(bytes, entry, url, options.gunzip);
  if (content.length !== entry.contentBytes) {
    throw new DataFormatError(url, `${content.length} bytes after decompression, the manifest says ${entry.contentBytes}`);
  }
  const digest = await sha256Hex(content);
  if (digest !== null && digest !== entry.contentSha256) {
    throw new DataFormatError(url, `content SHA-256 ${digest} does not match the manifest's ${entry.contentSha256}`);
  }
  const set = decodeLlds(content, url);
  const expect = (what: string, file: unknown, manifest: unknown): void => {
    if (JSON.stringify(file) !== JSON.stringify(manifest)) {
      throw new DataFormatError(url, `the file has ${what} ${JSON.stringify(file)}, the manifest says ${JSON.stringify(manifest)}`);
    }
  };
  expect('train samples', set.train.labels.length, entry.train);
  expect('test samples', set.test.labels.length, entry.test);
  expect('sample shape', set.shape, entry.imageShape);
  expect('class names', set.classNames, entry.classNames);
  expect('maxValue', set.maxValue, entry.maxValue);
  return imageDataset(entry.name, set);
}

async function decompress(bytes: Uint8Array, entry: ManifestSet, url: string, gunzip?: Gunzip): Promise<Uint8Array> {
  // A host that sends .gz files with Content-Encoding: gzip hands over the content already
  // decompressed; the content checks that follow still apply.
  if (!isGzip(bytes)) return bytes;
  if (bytes.length !== entry.bytes) {
    throw new DataFormatError(url, `${bytes.length} bytes downloaded, the manifest says ${entry.bytes}${bytes.length < entry.bytes ? ' (truncated download)' : ''}`);
  }
  const inflate = gunzip ?? streamGunzip();
  try {
    return await inflate(bytes);
  } catch (error) {
    throw new DataFormatError(url, `the gzip data is damaged (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** SHA-256 in hex, or null where Web Crypto is missing (pages served over plain http). */
async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes.slice()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
