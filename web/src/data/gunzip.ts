// gzip decompression behind one small function type, so the loader does not care where it
// comes from: DecompressionStream in browsers (Chromium 80+, Firefox 113+, Safari 16.4+) and
// Node 18+, or anything else a caller passes (a test, an old browser's polyfill).

export type Gunzip = (compressed: Uint8Array) => Promise<Uint8Array>;

/** gzip's first two bytes (RFC 1952). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** DecompressionStream('gzip'); throws at once, with what to do, where it does not exist. */
export function streamGunzip(): Gunzip {
  if (typeof DecompressionStream === 'undefined') {
    throw new Error('this browser cannot decompress gzip (no DecompressionStream); use a current Chromium, Firefox or Safari');
  }
  return async (compressed) => {
    const stream = new Blob([compressed.slice()]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  };
}
