// The training budget counts the fast kernel's packed weight copy from TypeScript (the page's
// main thread has no WASM); this holds that copy of the panel rule to the kernel's own.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NARROW_PANEL_COLUMNS, PANEL_COLUMNS, packedWeightFloats } from '../../../web/src/train/budget';
import { useModule } from '../support/module';

describe("the budget's packed weight size", () => {
  const m = useModule();

  it('equals the kernel’s for every column remainder and random sizes', () => {
    for (let out = 1; out <= 4 * PANEL_COLUMNS + 1; out++) {
      for (const inF of [1, 3, 784]) expect(packedWeightFloats(inF, out), `(${inF}, ${out})`).toBe(m.ll.packedWeightFloats(inF, out));
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (inF, out) => packedWeightFloats(inF, out) === m.ll.packedWeightFloats(inF, out)),
    );
  });

  it('pads a narrow last panel to 4 columns and a wide one to 8', () => {
    expect(packedWeightFloats(10, PANEL_COLUMNS + 1)).toBe(10 * (PANEL_COLUMNS + NARROW_PANEL_COLUMNS));
    expect(packedWeightFloats(10, PANEL_COLUMNS + NARROW_PANEL_COLUMNS + 1)).toBe(10 * 2 * PANEL_COLUMNS);
    expect(packedWeightFloats(10, 2 * PANEL_COLUMNS)).toBe(10 * 2 * PANEL_COLUMNS);
  });
});
