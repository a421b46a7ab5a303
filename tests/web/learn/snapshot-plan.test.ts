// When the learning views ask the worker: only parts whose shown state changed, each no more
// often than its gap, one retry time for the rest.
import { describe, expect, it } from 'vitest';
import { BOUNDARY_GRID, MISTAKES_SHOWN, SnapshotPlanner, wantsOf, weightsGapMs } from '../../../web/src/views/learn/snapshot-plan';

describe('SnapshotPlanner', () => {
  it('fetches a part when its key changes, at most once per gap, and says when to look again', () => {
    const p = new SnapshotPlanner();
    expect(p.plan({ weights: '1:5', confusion: '1:e0' }, 0)).toEqual({ parts: ['weights', 'confusion'], retryInMs: null });
    p.done(['weights', 'confusion'], { weights: '1:5', confusion: '1:e0' }, 0);
    expect(p.plan({ weights: '1:5', confusion: '1:e0' }, 10)).toEqual({ parts: [], retryInMs: null });
    // step 9 at 40 ms: the weights' 100 ms gap has 60 ms to go; the epoch did not change
    expect(p.plan({ weights: '1:9', confusion: '1:e0' }, 40)).toEqual({ parts: [], retryInMs: 60 });
    expect(p.plan({ weights: '1:9', confusion: '1:e1' }, 100)).toEqual({ parts: ['weights'], retryInMs: 900 });
    expect(p.plan({ weights: '1:9', confusion: '1:e1' }, 1000).parts).toEqual(['weights', 'confusion']);
  });

  it('a part not on show is not fetched; forget() makes everything due again', () => {
    const p = new SnapshotPlanner();
    p.done(['depth'], { depth: '1:3' }, 0);
    expect(p.plan({ weights: '1:3' }, 1).parts).toEqual(['weights']);
    expect(p.plan({ depth: '1:4' }, 1)).toEqual({ parts: [], retryInMs: 499 });
    p.forget();
    expect(p.plan({ depth: '1:4' }, 1).parts).toEqual(['depth']);
  });

  it('turns parts into the worker request', () => {
    expect(wantsOf(['weights', 'confusion', 'boundary', 'depth', 'depthInit'])).toEqual({
      firstLayer: true,
      testPredictions: true,
      mistakes: MISTAKES_SHOWN,
      boundary: { size: BOUNDARY_GRID },
      depthStats: true,
      depthInit: true,
    });
    expect(wantsOf([])).toEqual({});
  });
});

describe('weightsGapMs', () => {
  it('keeps small first layers at 10 a second and slows large ones to 1 MB a second', () => {
    expect(weightsGapMs(64 * 256)).toBe(100);
    expect(weightsGapMs(784 * 256)).toBe(803);
    const p = new SnapshotPlanner();
    p.done(['weights'], { weights: 'a' }, 0);
    expect(p.plan({ weights: 'b' }, 150, { weights: 803 })).toEqual({ parts: [], retryInMs: 653 });
  });
});
