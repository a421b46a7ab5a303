// A network over the memory budget: the engine refuses it before allocating; the page still
// shows every block's arithmetic and marks the block that breaks the budget.
import { describe, expect, test } from 'vitest';
import { explainBudgetRefusal } from '../../../web/src/app/budget-refusal.ts';
import { layerName } from '../../../web/src/engine/summary/summary-ts-layers.ts';
import { runRequest } from '../../../web/src/app/store.ts';
import { summarizeInTs } from '../../../web/src/engine/summary/summary-ts.ts';
import { decodeUrlState } from '../../../web/src/model/link/url-state.ts';
import { useEngine } from './engine-fixture.ts';

const OVER = decodeUrlState('#net=linear(256),relu,linear(65536),relu,linear(65536)').model;

describe('explainBudgetRefusal', () => {
  const fixture = useEngine();

  test('fills in names, shapes, parameters and memory for every block, and blames the 5th', () => {
    const raw = fixture.engine.run(runRequest(OVER, true));
    expect(raw.error).toMatch(/budget$/);
    const { snapshot, refusal } = explainBudgetRefusal(OVER, raw);
    expect(refusal).toMatchObject({ block: 4, budgetBytes: 512 * 2 ** 20 });
    expect(snapshot.blocks.map((b) => b.name)).toEqual(['Linear(784, 256)', 'ReLU()', 'Linear(256, 65536)', 'ReLU()', 'Linear(65536, 65536)']);
    expect(snapshot.blocks.map((b) => b.outputShape)).toEqual([[32, 256], [32, 256], [32, 65536], [32, 65536], [32, 65536]]);
    expect(snapshot.blocks.map((b) => b.parameters)).toEqual([200_960, 0, 16_842_752, 0, 4_295_032_832]);
    expect(snapshot.blocks[4]!.parameterBytes).toBe(4_295_032_832 * 4);
    expect(snapshot.blocks[4]!.multiplyAdds).toBe(32 * 65536 * 65536);
    expect(snapshot.blocks.map((b) => b.error === null)).toEqual([true, true, true, true, false]);
    expect(snapshot.blocks[4]!.error).toMatch(/budget refusal, not a shape error/);
    expect(snapshot.error).toBe(snapshot.blocks[4]!.error);
    expect(snapshot.totals.parameters).toBe(200_960 + 16_842_752 + 4_295_032_832);
    expect(snapshot.totals.activationBytes).toBe(4 * 32 * (256 * 2 + 65536 * 3));
  });

  test('leaves every other snapshot alone (a good run, a shape error)', () => {
    const good = fixture.engine.run(runRequest(decodeUrlState('#net=linear(10)').model, false));
    expect(explainBudgetRefusal(OVER, good)).toEqual({ snapshot: good, refusal: null });
    const mismatch = decodeUrlState('#net=linear(256),relu,linear(128,in=100)').model;
    const bad = fixture.engine.run(runRequest(mismatch, false));
    expect(bad.error).not.toBeNull();
    expect(explainBudgetRefusal(mismatch, bad).refusal).toBeNull();
  });
});

describe('the refusal as data', () => {
  const fixture = useEngine();

  test('the engine and the TypeScript summary name the breaking block and the bytes, not only a sentence', () => {
    const needed = 4 * (200_960 + 16_842_752 + 4_295_032_832);
    const expected = { block: 4, budgetBytes: 512 * 2 ** 20, neededBytes: needed };
    expect(fixture.engine.run(runRequest(OVER, false)).refusal).toEqual(expected);
    expect(summarizeInTs(runRequest(OVER, false)).refusal).toEqual(expected);
    expect(fixture.engine.run(runRequest(decodeUrlState('#net=linear(10)').model, false)).refusal).toBeNull();
  });

  test("a refused network's Dropout is named as C++ names it (printf's %g: p=1e-05)", () => {
    const tiny = decodeUrlState('#net=dropout(0.00001)').model;
    const cxxName = fixture.engine.run(runRequest(tiny, false)).blocks[0]!.name;
    expect(cxxName).toBe('Dropout(p=1e-05)');
    const over = decodeUrlState('#net=dropout(0.00001),linear(65536),linear(65536)').model;
    const { snapshot } = explainBudgetRefusal(over, fixture.engine.run(runRequest(over, false)));
    expect(snapshot.blocks[0]!.name).toBe(cxxName);
  });
});

describe('layerName', () => {
  test('matches the C++ names', () => {
    expect(layerName({ kind: 'linear', in: 3, out: 4, bias: false, init: 'lecun' })).toBe('Linear(3, 4, bias=False)');
    expect(layerName({ kind: 'dropout', p: 0.5 })).toBe('Dropout(p=0.5)');
    expect(layerName({ kind: 'softmax' })).toBe('Softmax(dim=-1)');
  });
});
