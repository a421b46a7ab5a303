// The network model and its edits. Every edit returns a new model and leaves its argument
// untouched; blocks that an edit does not touch keep their object identity, so views can
// compare by reference. An edit that changes nothing (unknown id, move to the same place)
// returns the very same model.
import { type Block, type BlockKind, type BlockSpec, type InitScheme, defaultSpec, isOptionless, specOf, unhandledKind } from '../../vocabulary/blocks.ts';
import { LIMITS } from './validate.ts';
import { linkedInFeatures } from './shapes-lite.ts';
import { resizeValues, typeable } from './input-matrix.ts';
import type { InputData, InputSpec, NetworkModel, NetworkWithoutIds, ViewOptions } from './types.ts';

export type { InputData, InputSpec, NetworkModel, NetworkWithoutIds, ViewOptions } from './types.ts';
export { resolveShapesLite, linkedInFeatures, type BlockShapeLite, type ShapesLite } from './shapes-lite.ts';
export { layerSpecs } from './layer-specs.ts';
export type { LayerSpec } from '../../vocabulary/layer-spec.ts';

export const INPUT_DATA: readonly InputData[] = ['normal', 'ones', 'sample', 'typed'];
export const DEFAULT_INPUT: Readonly<InputSpec> = { batch: 32, features: [784], data: 'normal' };
export const DEFAULT_VIEW: Readonly<ViewOptions> = { heatmaps: true, histograms: true, masks: true };
export const DEFAULT_SEED = 42;
export const DEFAULT_TRAINING = true;

export interface ModelSettings {
  input?: Partial<InputSpec>;
  training?: boolean;
  seed?: number;
  view?: Partial<ViewOptions>;
}

/** A model holding `specs`, with ids b1, b2, ... and defaults for every unset setting. */
export function modelFromSpecs(specs: readonly BlockSpec[], settings: ModelSettings = {}): NetworkModel {
  const input = { ...DEFAULT_INPUT, ...settings.input };
  return {
    input: { ...input, features: [...input.features] },
    blocks: specs.map((spec, i) => ({ ...spec, id: `b${i + 1}` })),
    training: settings.training ?? DEFAULT_TRAINING,
    seed: settings.seed ?? DEFAULT_SEED,
    view: { ...DEFAULT_VIEW, ...settings.view },
    nextId: specs.length + 1,
  };
}

/** The empty default network: input 32 × 784 of N(0, 1) noise, no blocks. */
export function createModel(settings: ModelSettings = {}): NetworkModel {
  return modelFromSpecs([], settings);
}

export function stripIds(model: NetworkModel): NetworkWithoutIds {
  return {
    input: { ...model.input, features: [...model.input.features] },
    blocks: model.blocks.map(specOf),
    training: model.training,
    seed: model.seed,
    view: { ...model.view },
  };
}

export function indexOfBlock(model: NetworkModel, id: string): number {
  return model.blocks.findIndex((b) => b.id === id);
}

export function canAddBlock(model: NetworkModel): boolean {
  return model.blocks.length < LIMITS.maxBlocks;
}

function clampIndex(index: number, length: number): number {
  if (Number.isNaN(index)) return length;
  return Math.max(0, Math.min(length, Math.trunc(index)));
}

/**
 * Inserts a block built from `spec` before position `at` (default: the end).
 * Unchanged when the network already holds LIMITS.maxBlocks blocks.
 */
export function insertBlock(model: NetworkModel, spec: BlockSpec, at: number = model.blocks.length): NetworkModel {
  if (!canAddBlock(model)) return model;
  const block: Block = { ...specOf({ ...spec, id: '' }), id: `b${model.nextId}` };
  const blocks = [...model.blocks];
  blocks.splice(clampIndex(at, blocks.length), 0, block);
  return { ...model, blocks, nextId: model.nextId + 1 };
}

/** Adds a block of `kind` with default options; a Linear starts linked. */
export function addBlock(model: NetworkModel, kind: BlockKind, at?: number): NetworkModel {
  return insertBlock(model, defaultSpec(kind), at);
}

export function removeBlock(model: NetworkModel, id: string): NetworkModel {
  const index = indexOfBlock(model, id);
  if (index < 0) return model;
  return { ...model, blocks: model.blocks.filter((_, i) => i !== index) };
}

/** Places a copy with a new id right after the original. */
export function duplicateBlock(model: NetworkModel, id: string): NetworkModel {
  const index = indexOfBlock(model, id);
  const original = model.blocks[index];
  if (original === undefined) return model;
  return insertBlock(model, specOf(original), index + 1);
}

/** Moves the block so that it ends up at `toIndex` (clamped to the network). */
export function moveBlock(model: NetworkModel, id: string, toIndex: number): NetworkModel {
  const from = indexOfBlock(model, id);
  const block = model.blocks[from];
  if (block === undefined) return model;
  const to = clampIndex(toIndex, model.blocks.length - 1);
  if (to === from) return model;
  const blocks = model.blocks.filter((_, i) => i !== from);
  blocks.splice(to, 0, block);
  return { ...model, blocks };
}

export function moveUp(model: NetworkModel, id: string): NetworkModel {
  const index = indexOfBlock(model, id);
  return index <= 0 ? model : moveBlock(model, id, index - 1);
}

export function moveDown(model: NetworkModel, id: string): NetworkModel {
  const index = indexOfBlock(model, id);
  return index < 0 ? model : moveBlock(model, id, index + 1);
}

/** Option changes; only the fields that belong to the block's kind are applied. */
export interface BlockPatch {
  outFeatures?: number;
  bias?: boolean;
  init?: InitScheme;
  inFeatures?: number | null;
  p?: number;
}

function patched(block: Block, patch: BlockPatch): Block {
  if (isOptionless(block)) return block;
  switch (block.kind) {
    case 'linear':
      return {
        ...block,
        outFeatures: patch.outFeatures ?? block.outFeatures,
        bias: patch.bias ?? block.bias,
        init: patch.init ?? block.init,
        inFeatures: patch.inFeatures === undefined ? block.inFeatures : patch.inFeatures,
      };
    case 'dropout':
      return { ...block, p: patch.p ?? block.p };
    default:
      return unhandledKind(block);
  }
}

function sameBlock(a: Block, b: Block): boolean {
  return JSON.stringify(specOf(a)) === JSON.stringify(specOf(b));
}

function replaceBlock(model: NetworkModel, id: string, change: (block: Block) => Block): NetworkModel {
  const index = indexOfBlock(model, id);
  const block = model.blocks[index];
  if (block === undefined) return model;
  const next = change(block);
  if (sameBlock(next, block)) return model;
  return { ...model, blocks: model.blocks.map((b, i) => (i === index ? next : b)) };
}

/** Applies option changes. Values are trusted: check learner text with validate.ts first. */
export function updateBlock(model: NetworkModel, id: string, patch: BlockPatch): NetworkModel {
  return replaceBlock(model, id, (block) => patched(block, patch));
}

/** Makes a Linear follow the previous block's output again. */
export function linkInFeatures(model: NetworkModel, id: string): NetworkModel {
  return replaceBlock(model, id, (block) => patched(block, { inFeatures: null }));
}

/** Pins a linked Linear's in features at the value it currently follows, ready for editing. */
export function unlinkInFeatures(model: NetworkModel, id: string): NetworkModel {
  const current = linkedInFeatures(model, id);
  if (current === null) return model;
  return replaceBlock(model, id, (block) => (block.kind === 'linear' && block.inFeatures === null ? patched(block, { inFeatures: current }) : block));
}

/**
 * The one-click fix for a shape mismatch ("set in features to 128"): sets the Linear's
 * in features to `value`, keeping it unlinked so the learner sees exactly what changed.
 */
export function fixInFeatures(model: NetworkModel, id: string, value: number): NetworkModel {
  return replaceBlock(model, id, (block) => patched(block, { inFeatures: value }));
}

export function setInput(model: NetworkModel, patch: Partial<InputSpec>): NetworkModel {
  const input: InputSpec = { ...model.input, ...patch, features: [...(patch.features ?? model.input.features)] };
  if (input.data !== 'typed') {
    delete input.values;
  } else if (!typeable(input.batch, input.features)) {
    // Too large to type: the typed values give way to seeded noise (undo brings them back).
    input.data = 'normal';
    delete input.values;
  } else {
    const columns = input.features[0] ?? 0;
    const old = model.input;
    const oldColumns = old.features.length === 1 ? (old.features[0] ?? 0) : 0;
    const given = patch.values ?? old.values ?? [];
    const from = patch.values ? { rows: input.batch, columns } : { rows: old.batch, columns: oldColumns };
    input.values = given.length === input.batch * columns && patch.values ? [...given] : resizeValues(given, from, { rows: input.batch, columns });
  }
  return { ...model, input };
}

export function setTraining(model: NetworkModel, training: boolean): NetworkModel {
  return model.training === training ? model : { ...model, training };
}

export function setSeed(model: NetworkModel, seed: number): NetworkModel {
  return model.seed === seed ? model : { ...model, seed };
}

export function setView(model: NetworkModel, patch: Partial<ViewOptions>): NetworkModel {
  return { ...model, view: { ...model.view, ...patch } };
}
