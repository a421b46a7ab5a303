// The WASM build really is SIMD: the matrix-product code uses v128 / f32x4 instructions.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WASM_PATH } from '../../../web/src/engine/load-node';

describe('SIMD build', () => {
  it('uses f32x4 multiply and add in the matrix product', () => {
    const dis = execFileSync('wasm-objdump', ['-d', WASM_PATH], { encoding: 'utf8', maxBuffer: 256 << 20 });
    // Split into functions; the kernel is the function with the most f32x4.mul instructions.
    const functions = dis.split(/\n(?=[0-9a-f]+ func\[)/);
    const counts = functions.map((f) => ({
      mul: (f.match(/f32x4\.mul/g) ?? []).length,
      add: (f.match(/f32x4\.add/g) ?? []).length,
      load: (f.match(/v128\.load/g) ?? []).length,
    }));
    const kernel = counts.reduce((best, c) => (c.mul > best.mul ? c : best));
    expect(kernel.mul).toBeGreaterThanOrEqual(8);
    expect(kernel.add).toBeGreaterThanOrEqual(8);
    expect(kernel.load).toBeGreaterThan(0);
  });
});
