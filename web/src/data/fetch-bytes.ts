// Downloads a file as bytes, reporting progress after every chunk for a progress bar.

export interface Progress {
  received: number;
  /** The expected size when known (the manifest's, else Content-Length), else null. */
  total: number | null;
}

export type ProgressCallback = (progress: Progress) => void;
export type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface FetchBytesOptions {
  fetch?: Fetch;
  onProgress?: ProgressCallback;
  /**
   * The progress total; takes precedence over Content-Length. A function decides from the
   * first bytes, for bodies a host may send either as they are or decoded (a .gz file with
   * Content-Encoding: gzip, as Vite's dev server sends it, arrives decompressed).
   */
  expectedBytes?: number | ((start: Uint8Array) => number);
  signal?: AbortSignal;
}

export async function fetchBytes(url: string, options: FetchBytesOptions = {}): Promise<Uint8Array> {
  const { fetch = globalThis.fetch.bind(globalThis), onProgress, expectedBytes, signal } = options;
  let response: Response;
  try {
    response = await fetch(url, signal ? { signal } : {});
  } catch (error) {
    throw new Error(`${url}: download failed (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok) {
    const hint = response.status === 404 ? '; the data sets are made by the set-up (npm run setup)' : '';
    throw new Error(`${url}: HTTP ${response.status} ${response.statusText}${hint}`.trimEnd());
  }
  // Content-Length counts the encoded bytes, so it says nothing when a Content-Encoding applies.
  const length = response.headers.has('Content-Encoding') ? NaN : Number(response.headers.get('Content-Length'));
  let total = typeof expectedBytes === 'number' ? expectedBytes : Number.isFinite(length) && length > 0 ? length : null;
  onProgress?.({ received: 0, total });
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (typeof expectedBytes === 'function') total = expectedBytes(bytes);
    onProgress?.({ received: bytes.length, total });
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received === 0 && typeof expectedBytes === 'function') total = expectedBytes(value);
    chunks.push(value);
    received += value.length;
    onProgress?.({ received, total });
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
