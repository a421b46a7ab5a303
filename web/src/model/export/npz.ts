// NumPy's .npy and .npz formats, written in TS so a trained model's weights can leave the page
// as a file `numpy.load` reads and PyTorch's load_state_dict accepts. Only what that needs:
// little-endian float32 arrays, C order, in a ZIP whose entries are stored (not compressed),
// so the writer stays small and the bytes are easy to check.
// Formats: numpy.lib.format (NEP 1, version 1.0) and PKWARE's APPNOTE (local headers, central
// directory, end record; no ZIP64, so an archive must stay under 4 GiB).

export interface NpyArray {
  /** The entry name without ".npy": a state_dict key such as "0.weight". */
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as ZIP and gzip use): crc32("123456789") = 0xcbf43926. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The header dict numpy writes, e.g. "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }". */
export function npyHeaderDict(shape: readonly number[]): string {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  return `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`;
}

/** One .npy file: magic, version 1.0, header padded so the data starts on a 64-byte boundary. */
export function npyBytes(shape: readonly number[], data: Float32Array): Uint8Array {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`npy: shape (${shape.join(', ')}) has a dimension that is not a whole number ≥ 0`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`npy: shape (${shape.join(', ')}) holds ${count} values but the data has ${data.length}`);
  const dict = npyHeaderDict(shape);
  const prefix = 10; // magic (6) + version (2) + header length (2)
  const unpadded = prefix + dict.length + 1; // + '\n'
  const headerLength = Math.ceil(unpadded / 64) * 64 - prefix;
  if (headerLength > 0xffff) throw new RangeError('npy: the header is too long for format version 1.0');
  const out = new Uint8Array(prefix + headerLength + data.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY 1.0
  const view = new DataView(out.buffer);
  view.setUint16(8, headerLength, true);
  const text = dict.padEnd(headerLength - 1, ' ') + '\n';
  for (let i = 0; i < text.length; i++) out[prefix + i] = text.charCodeAt(i);
  const start = prefix + headerLength;
  for (let i = 0; i < data.length; i++) view.setFloat32(start + i * 4, data[i]!, true);
  return out;
}

// MS-DOS date and time of every entry: 1980-01-01 00:00, so the same weights give the same bytes.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const MAX_ZIP32 = 0xffffffff;

function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7e || code < 0x20) throw new RangeError(`npz: entry name "${text}" must be printable ASCII`);
    out[i] = code;
  }
  return out;
}

/** A ZIP of stored .npy entries, as numpy.savez writes (numpy.load gives back the names without ".npy"). */
export function npzBytes(arrays: readonly NpyArray[]): Uint8Array {
  const seen = new Set<string>();
  const entries = arrays.map((a) => {
    if (a.name === '' || seen.has(a.name)) throw new RangeError(`npz: entry name "${a.name}" is empty or repeated`);
    seen.add(a.name);
    const body = npyBytes(a.shape, a.data);
    return { name: ascii(`${a.name}.npy`), body, crc: crc32(body) };
  });
  const localSize = entries.reduce((s, e) => s + 30 + e.name.length + e.body.length, 0);
  const centralSize = entries.reduce((s, e) => s + 46 + e.name.length, 0);
  const total = localSize + centralSize + 22;
  if (total > MAX_ZIP32 || entries.length > 0xffff) throw new RangeError('npz: the weights are too large for a ZIP without ZIP64 (4 GiB, 65,535 entries)');
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let p = 0;
  const offsets: number[] = [];
  for (const e of entries) {
    offsets.push(p);
    view.setUint32(p, 0x04034b50, true); // local file header
    view.setUint16(p + 4, 20, true); // version needed: 2.0
    view.setUint16(p + 6, 0, true); // flags
    view.setUint16(p + 8, 0, true); // method: stored
    view.setUint16(p + 10, DOS_TIME, true);
    view.setUint16(p + 12, DOS_DATE, true);
    view.setUint32(p + 14, e.crc, true);
    view.setUint32(p + 18, e.body.length, true); // compressed size
    view.setUint32(p + 22, e.body.length, true); // uncompressed size
    view.setUint16(p + 26, e.name.length, true);
    view.setUint16(p + 28, 0, true); // extra field length
    out.set(e.name, p + 30);
    p += 30 + e.name.length;
    out.set(e.body, p);
    p += e.body.length;
  }
  const centralStart = p;
  entries.forEach((e, i) => {
    view.setUint32(p, 0x02014b50, true); // central directory header
    view.setUint16(p + 4, 20, true); // version made by
    view.setUint16(p + 6, 20, true); // version needed
    view.setUint16(p + 8, 0, true);
    view.setUint16(p + 10, 0, true);
    view.setUint16(p + 12, DOS_TIME, true);
    view.setUint16(p + 14, DOS_DATE, true);
    view.setUint32(p + 16, e.crc, true);
    view.setUint32(p + 20, e.body.length, true);
    view.setUint32(p + 24, e.body.length, true);
    view.setUint16(p + 28, e.name.length, true);
    // extra, comment, disk number, internal and external attributes: all 0 (bytes already 0)
    view.setUint32(p + 42, offsets[i]!, true);
    out.set(e.name, p + 46);
    p += 46 + e.name.length;
  });
  view.setUint32(p, 0x06054b50, true); // end of central directory
  view.setUint16(p + 8, entries.length, true);
  view.setUint16(p + 10, entries.length, true);
  view.setUint32(p + 12, p - centralStart, true);
  view.setUint32(p + 16, centralStart, true);
  return out;
}
