// The course's own figures for its network, from the page's summary counted the course's way:
// "≈ 7.5 million FLOPs" (one multiply-add = one FLOP) and "≈ 147 KB" of activations.
import { describe, expect, it } from 'vitest';
import { runRequest } from '../../../web/src/app/store';
import { summarizeInTs } from '../../../web/src/engine/summary/summary-ts';
import { presetById } from '../../../web/src/model/network/presets';
import { courseCounts } from '../../../web/src/views/blocks/captions';

describe('courseCounts', () => {
  it("gives the course's numbers for its 784→256→128→10 at batch 32", () => {
    const model = presetById('course-dropout')!.model;
    const s = summarizeInTs(runRequest(model, false));
    expect(s.error).toBeNull();
    expect(s.totals.multiplyAdds).toBe(32 * (784 * 256 + 256 * 128 + 128 * 10));
    const linearOuts = model.blocks.flatMap((b, i) => (b.kind === 'linear' ? [s.blocks[i]!.outputShape!.at(-1)!] : []));
    expect(linearOuts).toEqual([256, 128, 10]);
    const c = courseCounts({ batch: 32, inputFeatures: 784, linearOuts, multiplyAdds: s.totals.multiplyAdds });
    expect(c.flops).toBe('As the course counts FLOPs (one multiply-add = one FLOP): 7,512,064 ≈ 7.5 million, the same work as the 15.0 M above, which counts the multiply and the add apart.');
    // 32 × 1,178 × 4 = 150,784 B = 147.25 KiB: the course's "≈ 147 KB".
    expect(c.memory).toContain('32 × (784 + 256 + 128 + 10) × 4 B = 150,784 B = 147.3 KiB.');
    // The page's own activation figure counts every block's output: here 7 blocks, 1,162 values per sample.
    expect(s.totals.activationBytes).toBe(32 * (256 * 3 + 128 * 3 + 10) * 4);
  });

  it('counts a small network in plain numbers', () => {
    const c = courseCounts({ batch: 1, inputFeatures: 3, linearOuts: [4, 2], multiplyAdds: 20 });
    expect(c.flops).toContain(': 20, the same work as the 40 above');
    expect(c.memory).toContain('1 × (3 + 4 + 2) × 4 B = 36 B.');
  });
});
