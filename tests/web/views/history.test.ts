import { describe, expect, test } from 'vitest';
import { History } from '../../../web/src/app/history.ts';
import { historyKey } from '../../../web/src/views/shell/app-shell.ts';
import { MERGE_MS, Store } from '../../../web/src/app/store.ts';
import type { Snapshot } from '../../../web/src/engine/snapshot.ts';
import { addBlock, removeBlock, setSeed, updateBlock } from '../../../web/src/model/network/network.ts';
import { presetById } from '../../../web/src/model/network/presets.ts';
import { FakeHost } from './fake-host.ts';

describe('History', () => {
  test('undo and redo walk the two stacks; a new edit forgets the redo side', () => {
    const h = new History<string>();
    h.record('a');
    h.record('b');
    expect(h.undo('c')).toBe('b');
    expect(h.undo('b')).toBe('a');
    expect(h.undo('a')).toBeNull();
    expect(h.redo('a')).toBe('b');
    expect(h.redoSteps).toBe(1);
    h.record('b');
    expect(h.redoSteps).toBe(0);
    expect(h.redo('x')).toBeNull();
  });

  test('keeps at most `limit` steps', () => {
    const h = new History<number>(3);
    for (let i = 0; i < 10; i++) h.record(i);
    expect(h.undoSteps).toBe(3);
    expect(h.undo(10)).toBe(9);
  });
});

describe('Store undo/redo', () => {
  const runner = { run: (): Snapshot => { throw new Error('not run in this test'); } };
  function store() {
    return new Store(runner, presetById('mnist-mlp')!.model, new FakeHost());
  }

  test('Remove, then Undo brings the block back; Redo removes it again', () => {
    const s = store();
    const start = s.model;
    s.edit((m) => removeBlock(m, 'b2'));
    expect(s.model.blocks.map((b) => b.id)).toEqual(['b1', 'b3', 'b4', 'b5']);
    expect(s.current.undoSteps).toBe(1);
    expect(s.undo()).toBe(true);
    expect(s.model).toBe(start);
    expect(s.current).toMatchObject({ undoSteps: 0, redoSteps: 1 });
    expect(s.redo()).toBe(true);
    expect(s.model.blocks.map((b) => b.id)).toEqual(['b1', 'b3', 'b4', 'b5']);
    expect(s.undo() && s.undo()).toBe(false);
  });

  test('undo bumps the generation (fields drop typed text); replace is undoable; no-op edits are no steps', () => {
    const s = store();
    const g = s.current.generation;
    s.edit((m) => m);
    expect(s.current.undoSteps).toBe(0);
    s.edit((m) => setSeed(m, 7));
    s.undo();
    expect(s.current.generation).toBe(g + 1);
    const tiny = presetById('tiny')!.model;
    s.replace(tiny);
    s.replace(tiny); // the same preset again: resets typed text, no new step
    expect(s.current.undoSteps).toBe(1);
    s.edit((m) => addBlock(m, 'relu'));
    s.undo();
    s.undo();
    expect(s.model).toBe(presetById('mnist-mlp')!.model);
  });
});

describe('Store: typing in one field is one undo step', () => {
  test('same key within MERGE_MS merges; another key, a pause or an undo starts a new step', () => {
    let clock = 0;
    const s = new Store({ run: (): Snapshot => { throw new Error('not run'); } }, presetById('mnist-mlp')!.model, new FakeHost(), { now: () => clock });
    const start = s.model;
    for (const out of [3, 30, 300]) {
      clock += 200;
      s.edit((m) => updateBlock(m, 'b1', { outFeatures: out }), 'b1:out');
    }
    expect(s.current.undoSteps).toBe(1);
    clock += 200;
    s.edit((m) => setSeed(m, 5), 'seed');
    expect(s.current.undoSteps).toBe(2);
    clock += MERGE_MS + 1;
    s.edit((m) => setSeed(m, 6), 'seed');
    expect(s.current.undoSteps).toBe(3);
    s.undo();
    s.undo();
    expect(s.model.blocks[0]).toMatchObject({ outFeatures: 300 });
    s.undo();
    expect(s.model).toBe(start);
  });
});

describe('historyKey', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  test('Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, ⌘ works as Ctrl', () => {
    expect(historyKey(key('z', { ctrlKey: true }), false)).toBe('undo');
    expect(historyKey(key('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('redo');
    expect(historyKey(key('y', { ctrlKey: true }), false)).toBe('redo');
    expect(historyKey(key('z', { metaKey: true }), false)).toBe('undo');
  });

  test('a text field keeps its own undo; other keys and Alt combinations are not ours', () => {
    expect(historyKey(key('z', { ctrlKey: true }), true)).toBeNull();
    expect(historyKey(key('z'), false)).toBeNull();
    expect(historyKey(key('z', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(historyKey(key('x', { ctrlKey: true }), false)).toBeNull();
  });
});
