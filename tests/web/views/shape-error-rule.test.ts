// Issue 10's rule: a block's parameters exist whatever its input shape, so the card shows them
// and the totals count them; shapes, activation memory and multiply-adds from the failing
// block on are unknown ("—") and the page says so next to the totals.
import { describe, expect, test } from 'vitest';
import { type AppState, runRequest } from '../../../web/src/app/store.ts';
import { layerSpecs } from '../../../web/src/model/network/network.ts';
import { decodeUrlState } from '../../../web/src/model/link/url-state.ts';
import { blockStatsText } from '../../../web/src/views/blocks/block-stats.ts';
import { SHAPE_ERROR_RULE, totalsStatus } from '../../../web/src/views/shell/totals.ts';
import { useEngine } from './engine-fixture.ts';

// Linear(100, 128) after a 256-wide block: a shape error at block 3.
const MISMATCH = decodeUrlState('#net=linear(256),relu,linear(128,in=100),relu,linear(10)').model;

function state(model: AppState['model'], snapshot: AppState['snapshot']): AppState {
  return { model, snapshot, computingValues: false, generation: 0, engineError: null, lastFrameMs: null, refusal: null, undoSteps: 0, redoSteps: 0, trainingRun: false, valuesProblem: null, valuesSlow: false };
}

describe('the shape-error rule', () => {
  const fixture = useEngine();

  test('the failing block shows its 12,928 parameters, which the total counts; input-dependent figures are —', () => {
    const snapshot = fixture.engine.run(runRequest(MISMATCH, false));
    const specs = layerSpecs(MISMATCH);
    const failing = blockStatsText(snapshot.blocks[2]!, specs[2]);
    expect(failing).toEqual({
      shape: '—',
      parameters: '12,928',
      formula: '= 100 × 128 + 128',
      parameterBytes: '50.5 KiB',
      activationBytes: '—',
      multiplyAdds: '—',
    });
    const after = blockStatsText(snapshot.blocks[4]!, specs[4]);
    expect(after.parameters).toBe('1,290');
    expect(after.shape).toBe('—');
    // Every card's parameters add up to the total the page shows.
    const shown = snapshot.blocks.reduce((sum, b, i) => sum + Number(blockStatsText(b, specs[i]).parameters.replace(/,/g, '')), 0);
    expect(snapshot.totals.parameters).toBe(200_960 + 12_928 + 1_290);
    expect(shown).toBe(snapshot.totals.parameters);
  });

  test('the totals state the rule and name the failing block', () => {
    const snapshot = fixture.engine.run(runRequest(MISMATCH, false));
    const status = totalsStatus(state(MISMATCH, snapshot));
    expect(status.kind).toBe('error');
    expect(status.text).toBe(`Shape error at block 3. ${SHAPE_ERROR_RULE}`);
  });

  test('a budget refusal is said to be one, not a shape error', () => {
    const model = decodeUrlState('#net=linear(10)').model;
    const snapshot = fixture.engine.run(runRequest(model, false));
    const s = { ...state(model, snapshot), refusal: { block: 4, budgetBytes: 2 ** 29, neededBytes: 2 ** 34 } };
    expect(totalsStatus(s).text).toMatch(/^Budget refusal \(not a shape error\): block 5 /);
  });
});
