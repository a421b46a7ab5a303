import { describe, expect, it } from 'vitest';
import {
  type NetworkModel,
  addBlock,
  canAddBlock,
  createModel,
  duplicateBlock,
  fixInFeatures,
  insertBlock,
  layerSpecs,
  linkInFeatures,
  linkedInFeatures,
  modelFromSpecs,
  moveBlock,
  moveDown,
  moveUp,
  removeBlock,
  resolveShapesLite,
  setInput,
  setSeed,
  setTraining,
  setView,
  stripIds,
  unlinkInFeatures,
  updateBlock,
} from '../../../web/src/model/network/network.ts';
import { LIMITS } from '../../../web/src/model/network/validate.ts';
import { deepFreeze } from './arbitraries.ts';

const ids = (m: NetworkModel): string[] => m.blocks.map((b) => b.id);
const kinds = (m: NetworkModel): string[] => m.blocks.map((b) => b.kind);

/** Linear 256, ReLU, Dropout, Linear 10 with ids b1..b4, frozen so any mutation throws. */
function sample(): NetworkModel {
  return deepFreeze(
    modelFromSpecs([
      { kind: 'linear', outFeatures: 256, bias: true, init: 'lecun', inFeatures: null },
      { kind: 'relu' },
      { kind: 'dropout', p: 0.5 },
      { kind: 'linear', outFeatures: 10, bias: true, init: 'lecun', inFeatures: null },
    ]),
  );
}

describe('creating models', () => {
  it('has documented defaults', () => {
    expect(createModel()).toEqual({
      input: { batch: 32, features: [784], data: 'normal' },
      blocks: [],
      training: true,
      seed: 42,
      view: { heatmaps: true, histograms: true, masks: true },
      nextId: 1,
    });
  });

  it('numbers ids from a counter in the model, so building twice gives the same ids', () => {
    expect(ids(sample())).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(sample()).toEqual(sample());
    expect(sample().nextId).toBe(5);
  });
});

describe('edits', () => {
  it('addBlock appends by default, inserts at a position, and never reuses an id', () => {
    const m = sample();
    const appended = addBlock(m, 'softmax');
    expect(kinds(appended)).toEqual(['linear', 'relu', 'dropout', 'linear', 'softmax']);
    expect(ids(appended)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    const inserted = addBlock(appended, 'tanh', 1);
    expect(ids(inserted)).toEqual(['b1', 'b6', 'b2', 'b3', 'b4', 'b5']);
    const removed = removeBlock(inserted, 'b6');
    expect(ids(addBlock(removed, 'relu', 0))).toEqual(['b7', 'b1', 'b2', 'b3', 'b4', 'b5']);
    expect(ids(addBlock(m, 'relu', -5))[0]).toBe('b5');
    expect(ids(addBlock(m, 'relu', 99))[4]).toBe('b5');
  });

  it('new blocks get default options; a Linear starts linked', () => {
    const m = addBlock(createModel(), 'linear');
    expect(m.blocks[0]).toEqual({ id: 'b1', kind: 'linear', outFeatures: 64, bias: true, init: 'lecun', inFeatures: null });
    expect(addBlock(createModel(), 'dropout').blocks[0]).toEqual({ id: 'b1', kind: 'dropout', p: 0.5 });
  });

  it('never changes its argument and keeps untouched blocks by reference', () => {
    const m = sample();
    const before = JSON.stringify(m);
    const edits = [
      addBlock(m, 'relu'),
      removeBlock(m, 'b2'),
      duplicateBlock(m, 'b1'),
      moveBlock(m, 'b1', 3),
      moveUp(m, 'b3'),
      moveDown(m, 'b3'),
      updateBlock(m, 'b1', { outFeatures: 128 }),
      setInput(m, { batch: 8 }),
      setTraining(m, false),
      setSeed(m, 7),
      setView(m, { masks: false }),
      fixInFeatures(m, 'b4', 128),
      linkInFeatures(fixInFeatures(m, 'b4', 128), 'b4'),
      unlinkInFeatures(m, 'b4'),
    ];
    expect(JSON.stringify(m)).toBe(before);
    for (const edited of edits) expect(edited).not.toBe(m);
    const updated = updateBlock(m, 'b1', { outFeatures: 128 });
    expect(updated.blocks[1]).toBe(m.blocks[1]);
    expect(updated.blocks[3]).toBe(m.blocks[3]);
    expect(updated.blocks[0]).not.toBe(m.blocks[0]);
  });

  it('returns the same model when nothing changes', () => {
    const m = sample();
    expect(removeBlock(m, 'nope')).toBe(m);
    expect(duplicateBlock(m, 'nope')).toBe(m);
    expect(moveBlock(m, 'nope', 0)).toBe(m);
    expect(moveBlock(m, 'b2', 1)).toBe(m);
    expect(moveUp(m, 'b1')).toBe(m);
    expect(moveDown(m, 'b4')).toBe(m);
    expect(updateBlock(m, 'b1', { outFeatures: 256 })).toBe(m);
    expect(updateBlock(m, 'b2', { outFeatures: 5 })).toBe(m);
    expect(linkInFeatures(m, 'b1')).toBe(m);
    expect(unlinkInFeatures(m, 'b2')).toBe(m);
    expect(setTraining(m, true)).toBe(m);
    expect(setSeed(m, 42)).toBe(m);
  });

  it('removeBlock drops exactly one block and keeps the other ids', () => {
    expect(ids(removeBlock(sample(), 'b2'))).toEqual(['b1', 'b3', 'b4']);
  });

  it('duplicateBlock puts a copy with a fresh id right after the original', () => {
    const m = updateBlock(sample(), 'b1', { bias: false, init: 'he', inFeatures: 100 });
    const d = duplicateBlock(m, 'b1');
    expect(ids(d)).toEqual(['b1', 'b5', 'b2', 'b3', 'b4']);
    expect({ ...d.blocks[1], id: 'b1' }).toEqual(d.blocks[0]);
    expect(d.blocks[1]).not.toBe(d.blocks[0]);
  });

  it('moveBlock places the block at the target index, clamped', () => {
    const m = sample();
    expect(ids(moveBlock(m, 'b1', 2))).toEqual(['b2', 'b3', 'b1', 'b4']);
    expect(ids(moveBlock(m, 'b4', 0))).toEqual(['b4', 'b1', 'b2', 'b3']);
    expect(ids(moveBlock(m, 'b1', 100))).toEqual(['b2', 'b3', 'b4', 'b1']);
    expect(ids(moveBlock(m, 'b3', -4))).toEqual(['b3', 'b1', 'b2', 'b4']);
    expect(ids(moveUp(m, 'b3'))).toEqual(['b1', 'b3', 'b2', 'b4']);
    expect(ids(moveDown(m, 'b3'))).toEqual(['b1', 'b2', 'b4', 'b3']);
  });

  it('updateBlock applies only the fields that belong to the kind', () => {
    const m = sample();
    const linear = updateBlock(m, 'b1', { outFeatures: 5, bias: false, init: 'xavier', p: 0.9 });
    expect(linear.blocks[0]).toEqual({ id: 'b1', kind: 'linear', outFeatures: 5, bias: false, init: 'xavier', inFeatures: null });
    const dropout = updateBlock(m, 'b3', { p: 0.1, outFeatures: 3 });
    expect(dropout.blocks[2]).toEqual({ id: 'b3', kind: 'dropout', p: 0.1 });
    expect(updateBlock(m, 'b1', { inFeatures: 7 }).blocks[0]).toMatchObject({ inFeatures: 7 });
    expect(updateBlock(updateBlock(m, 'b1', { inFeatures: 7 }), 'b1', { inFeatures: null }).blocks[0]).toMatchObject({ inFeatures: null });
  });

  it('respects the block limit', () => {
    let m = createModel();
    for (let i = 0; i < LIMITS.maxBlocks + 3; i++) m = addBlock(m, 'relu');
    expect(m.blocks).toHaveLength(LIMITS.maxBlocks);
    expect(canAddBlock(m)).toBe(false);
    expect(duplicateBlock(m, 'b1')).toBe(m);
    expect(insertBlock(m, { kind: 'tanh' })).toBe(m);
  });

  it('setInput copies the features array', () => {
    const features = [28, 28];
    const m = setInput(createModel(), { features, data: 'ones' });
    features.push(3);
    expect(m.input).toEqual({ batch: 32, features: [28, 28], data: 'ones' });
  });

  it('stripIds keeps everything but identity', () => {
    const a = sample();
    const b = addBlock(removeBlock(a, 'b2'), 'relu', 1);
    expect(ids(b)).not.toEqual(ids(a));
    expect(stripIds(b)).toEqual(stripIds(a));
  });
});

describe('in features: link, unlink, fix', () => {
  it('a linked Linear follows the previous output', () => {
    const m = sample();
    expect(linkedInFeatures(m, 'b1')).toBe(784);
    expect(linkedInFeatures(m, 'b4')).toBe(256);
    expect(linkedInFeatures(m, 'b2')).toBeNull();
    expect(linkedInFeatures(m, 'nope')).toBeNull();
  });

  it('unlink pins the current value; link lets it follow again', () => {
    const m = unlinkInFeatures(sample(), 'b4');
    expect(m.blocks[3]).toMatchObject({ inFeatures: 256 });
    const changed = updateBlock(m, 'b1', { outFeatures: 300 });
    expect(layerSpecs(changed)[3]).toMatchObject({ in: 256 });
    expect(layerSpecs(linkInFeatures(changed, 'b4'))[3]).toMatchObject({ in: 300 });
  });

  it('fixInFeatures sets the suggested value on a mismatched Linear', () => {
    const broken = updateBlock(sample(), 'b4', { inFeatures: 128 });
    const shapes = resolveShapesLite(broken).blocks[3];
    expect(shapes).toMatchObject({ inFeatures: 128, expectedInFeatures: 256, mismatch: true });
    const fixed = fixInFeatures(broken, 'b4', shapes?.expectedInFeatures ?? 0);
    expect(resolveShapesLite(fixed).blocks[3]).toMatchObject({ inFeatures: 256, mismatch: false });
    expect(fixed.blocks[3]).toMatchObject({ inFeatures: 256 });
  });
});

describe('shapes and layer specs', () => {
  it('walks Flatten, Linear and shape-keeping blocks', () => {
    const m = modelFromSpecs(
      [
        { kind: 'flatten' },
        { kind: 'linear', outFeatures: 128, bias: true, init: 'lecun', inFeatures: null },
        { kind: 'sigmoid' },
        { kind: 'dropout', p: 0.2 },
        { kind: 'softmax' },
      ],
      { input: { batch: 8, features: [3, 28, 28] } },
    );
    const shapes = resolveShapesLite(m);
    expect(shapes.input).toEqual([8, 3, 28, 28]);
    expect(shapes.blocks.map((b) => b.output)).toEqual([[8, 2352], [8, 128], [8, 128], [8, 128], [8, 128]]);
    expect(shapes.output).toEqual([8, 128]);
  });

  it('a Linear maps only the last dimension', () => {
    const m = modelFromSpecs([{ kind: 'linear', outFeatures: 5, bias: true, init: 'he', inFeatures: null }], { input: { batch: 2, features: [7, 28] } });
    expect(resolveShapesLite(m).output).toEqual([2, 7, 5]);
    expect(layerSpecs(m)).toEqual([{ kind: 'linear', in: 28, out: 5, bias: true, init: 'he' }]);
  });

  it('gives the exact constructor arguments, keeping a deliberate mismatch', () => {
    const m = modelFromSpecs([
      { kind: 'linear', outFeatures: 256, bias: false, init: 'xavier', inFeatures: null },
      { kind: 'tanh' },
      { kind: 'dropout', p: 0.25 },
      { kind: 'linear', outFeatures: 10, bias: true, init: 'zeros', inFeatures: 100 },
      { kind: 'linear', outFeatures: 3, bias: true, init: 'lecun', inFeatures: null },
      { kind: 'softmax' },
    ]);
    expect(layerSpecs(m)).toEqual([
      { kind: 'linear', in: 784, out: 256, bias: false, init: 'xavier' },
      { kind: 'tanh' },
      { kind: 'dropout', p: 0.25 },
      { kind: 'linear', in: 100, out: 10, bias: true, init: 'zeros' },
      { kind: 'linear', in: 10, out: 3, bias: true, init: 'lecun' },
      { kind: 'softmax' },
    ]);
    expect(resolveShapesLite(m).blocks.map((b) => b.mismatch)).toEqual([false, false, false, true, false, false]);
  });
});
