import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, npyBytes, npyHeaderDict, npzBytes } from '../../../web/src/model/export/npz.ts';
import { PYTHON, hasNumpy } from './numpy.ts';

const ascii = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

const HAS_NUMPY = hasNumpy();

describe('crc32', () => {
  it('gives the standard check value and 0 for no bytes', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('npyBytes', () => {
  it('writes magic, version 1.0, a 64-byte aligned header and little-endian float32 data', () => {
    const bytes = npyBytes([3], new Float32Array([1, -2, 0.5]));
    expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const view = new DataView(bytes.buffer);
    expect(view.getUint16(8, true)).toBe(118); // a 59-character dict + '\n' pads to 10 + 118 = 128
    const header = ascii(bytes.subarray(10, 128));
    expect(header).toBe(`${"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }".padEnd(117, ' ')}\n`);
    expect(bytes.length).toBe(128 + 12);
    expect([...bytes.subarray(128)]).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0, 0, 0, 0, 0x3f]);
  });

  it('writes 2-D shapes as a Python tuple and checks the value count', () => {
    expect(npyHeaderDict([2, 3])).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    expect(() => npyBytes([2, 3], new Float32Array(5))).toThrow('shape (2, 3) holds 6 values but the data has 5');
    expect(() => npyBytes([1.5], new Float32Array(1))).toThrow('not a whole number');
  });
});

describe('npzBytes', () => {
  const arrays = [
    { name: '0.weight', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
    { name: '0.bias', shape: [2], data: new Float32Array([-1, 1]) },
  ];

  it('stores each .npy with its CRC-32 and a central directory that points back at it', () => {
    const zip = npzBytes(arrays);
    const view = new DataView(zip.buffer);
    const w = npyBytes([2, 3], arrays[0]!.data);
    const b = npyBytes([2], arrays[1]!.data);
    // first local header
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(8, true)).toBe(0); // stored
    expect(view.getUint32(14, true)).toBe(crc32(w));
    expect(view.getUint32(18, true)).toBe(w.length);
    expect(view.getUint32(22, true)).toBe(w.length);
    expect(ascii(zip.subarray(30, 30 + 12))).toBe('0.weight.npy');
    expect([...zip.subarray(42, 42 + w.length)]).toEqual([...w]);
    // second local header follows the first body
    const second = 42 + w.length;
    expect(view.getUint32(second, true)).toBe(0x04034b50);
    expect(view.getUint32(second + 14, true)).toBe(crc32(b));
    expect(ascii(zip.subarray(second + 30, second + 30 + 10))).toBe('0.bias.npy');
    // end record
    const end = zip.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint16(end + 10, true)).toBe(2);
    const cdSize = view.getUint32(end + 12, true);
    const cdStart = view.getUint32(end + 16, true);
    expect(cdStart + cdSize).toBe(end);
    expect(view.getUint32(cdStart, true)).toBe(0x02014b50);
    expect(view.getUint32(cdStart + 16, true)).toBe(crc32(w));
    expect(view.getUint32(cdStart + 42, true)).toBe(0);
    const cd2 = cdStart + 46 + 12;
    expect(view.getUint32(cd2 + 42, true)).toBe(second);
  });

  it('gives the same bytes for the same arrays and refuses repeated names', () => {
    expect(npzBytes(arrays)).toEqual(npzBytes(arrays));
    expect(() => npzBytes([arrays[1]!, arrays[1]!])).toThrow('entry name "0.bias" is empty or repeated');
  });

  it.skipIf(!HAS_NUMPY)('is read back exactly by numpy.load', () => {
    const data = new Float32Array([0.1, -3.25e-8, 1e30, -0, 7, 2 ** -20]);
    const zip = npzBytes([
      { name: '0.weight', shape: [3, 2], data },
      { name: '2.bias', shape: [1], data: new Float32Array([42.5]) },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-npz-'));
    try {
      const file = join(dir, 'model.npz');
      writeFileSync(file, zip);
      const script = [
        'import json, sys, numpy as np, zipfile',
        'assert zipfile.ZipFile(sys.argv[1]).testzip() is None',
        'z = np.load(sys.argv[1])',
        'print(json.dumps({k: {"dtype": str(v.dtype), "shape": list(v.shape), "hex": v.astype("<f4").tobytes().hex()} for k, v in z.items()}))',
      ].join('\n');
      const out = JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8', timeout: 30_000 }));
      const hex = (a: Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
      expect(out).toEqual({
        '0.weight': { dtype: 'float32', shape: [3, 2], hex: hex(data) },
        '2.bias': { dtype: 'float32', shape: [1], hex: hex(new Float32Array([42.5])) },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
