// The Tiny 3→4→2 preset prints x, W, b and y; the numbers must be the ones the engine used.
import { describe, expect, test } from 'vitest';
import { runRequest } from '../../../web/src/app/store.ts';
import { presetById } from '../../../web/src/model/network/presets.ts';
import { tableCells } from '../../../web/src/views/blocks/number-tables.ts';
import { useEngine } from './engine-fixture.ts';

describe('tableCells', () => {
  test('three decimals, a real minus sign, no negative zero', () => {
    expect(tableCells(new Float32Array([0.125, -1.5, -0, 2]), 2, 2)).toEqual([
      ['0.125', '−1.500'],
      ['0.000', '2.000'],
    ]);
  });
});

describe('the Tiny preset’s numbers', () => {
  const fixture = useEngine();

  test('W (3, 4) and b (4,) reach the snapshot, and x · W + b is the block’s y', () => {
    const s = fixture.engine.run(runRequest(presetById('tiny')!.model, true));
    const small = s.blocks[0]!.weights!.small!;
    expect(small.weight).toHaveLength(12);
    expect(small.bias).toHaveLength(4);
    const x = s.input!;
    // The course's seed example: x = [[1, 2, 3]].
    expect([...x]).toEqual([1, 2, 3]);
    const y = s.blocks[0]!.values!.output;
    for (let r = 0; r < 1; r++) {
      for (let o = 0; o < 4; o++) {
        let sum = small.bias![o]!;
        for (let i = 0; i < 3; i++) sum += x[r * 3 + i]! * small.weight[i * 4 + o]!;
        expect(y[r * 4 + o]).toBeCloseTo(sum, 5);
      }
    }
  });

  test('a big Linear keeps its weights to itself', () => {
    const s = fixture.engine.run(runRequest(presetById('mnist-mlp')!.model, false));
    expect(s.blocks[0]!.weights!.small).toBeNull();
  });
});
