// lock=structure: what counts as the network's structure (input, blocks, order, sizes) and what not.
import { describe, expect, it } from 'vitest';
import { addBlock, moveDown, removeBlock, setSeed, setTraining, updateBlock } from '../../../web/src/model/network/network';
import { defaultModel } from '../../../web/src/model/network/presets';
import { sameStructure } from '../../../web/src/model/network/structure';

describe('sameStructure', () => {
  const m = defaultModel();
  const linear = m.blocks.find((b) => b.kind === 'linear')!.id;
  const dropout = m.blocks.find((b) => b.kind === 'dropout')!.id;

  it('holds for p, init, the training switch and the seed', () => {
    for (const next of [updateBlock(m, dropout, { p: 0.1 }), updateBlock(m, linear, { init: 'zeros' }), setTraining(m, !m.training), setSeed(m, 7)]) {
      expect(next).not.toBe(m);
      expect(sameStructure(m, next)).toBe(true);
    }
  });

  it('fails for a block added, removed, moved or resized, or a bias dropped', () => {
    for (const next of [addBlock(m, 'relu', 0), removeBlock(m, dropout), moveDown(m, linear), updateBlock(m, linear, { outFeatures: 3 }), updateBlock(m, linear, { bias: false })]) {
      expect(sameStructure(m, next)).toBe(false);
    }
  });
});
