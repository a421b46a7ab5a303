// Every place that handles block kinds tests isOptionless first (those traits come from
// BLOCK_INFO), then switches over the kinds with options and ends with unhandledKind. The
// type-level cases below are checked by `npm run typecheck`: if a missing case stopped being
// a compile error, the @ts-expect-error lines would themselves fail to compile.
import { describe, expect, it } from 'vitest';
import { BLOCK_INFO, BLOCK_KINDS, type BlockKind, defaultSpec, isOptionless, unhandledKind } from '../../../web/src/vocabulary/blocks.ts';
import { toPyTorch } from '../../../web/src/model/export/export.ts';
import { toCourseStyle } from '../../../web/src/model/export/export-course.ts';
import { type LayerSpec, layerSpecs, modelFromSpecs } from '../../../web/src/model/network/network.ts';
import { embedTitle } from '../../../web/src/share/embed-snippet.ts';
import { decodeUrlState, encodeUrlState } from '../../../web/src/model/link/url-state.ts';

/** A kind with options that the code base does not know yet. */
type Wider = LayerSpec | { kind: 'conv'; size: number };

// A switch that forgot the new kind: the default branch sees it, so unhandledKind rejects it.
export function forgotConv(spec: Wider): string {
  if (isOptionless(spec)) return spec.kind;
  switch (spec.kind) {
    case 'linear':
      return 'linear';
    case 'dropout':
      return 'dropout';
    default:
      // @ts-expect-error a kind with options left out of the switch must not compile
      return unhandledKind(spec);
  }
}

// The same switch with the new case compiles.
export function handlesConv(spec: Wider): string {
  if (isOptionless(spec)) return spec.kind;
  switch (spec.kind) {
    case 'linear':
      return 'linear';
    case 'dropout':
      return 'dropout';
    case 'conv':
      return `conv ${spec.size}`;
    default:
      return unhandledKind(spec);
  }
}

// isOptionless cannot swallow a kind with options: a forgotten 'dropout' case is caught too.
export function forgotDropout(spec: LayerSpec): string {
  if (isOptionless(spec)) return spec.kind;
  switch (spec.kind) {
    case 'linear':
      return 'linear';
    default:
      // @ts-expect-error dropout has options, so it reaches the default branch
      return unhandledKind(spec);
  }
}

describe('block kinds', () => {
  it('unhandledKind throws at run time too, naming what it got', () => {
    expect(() => unhandledKind({ kind: 'conv' } as never)).toThrow(/unhandled block kind: \{"kind":"conv"\}/);
  });

  it('isOptionless is true exactly for the kinds whose default spec has no options', () => {
    for (const kind of BLOCK_KINDS) {
      expect(isOptionless({ kind }), kind).toBe(Object.keys(defaultSpec(kind)).length === 1);
    }
  });

  it.each(BLOCK_KINDS.map((k) => [k] as [BlockKind]))('%s goes through every exporter and the URL by its registry name', (kind) => {
    const model = modelFromSpecs([{ kind: 'linear', outFeatures: 4, bias: true, init: 'lecun', inFeatures: null }, defaultSpec(kind)], { input: { features: [8] } });
    const cls = BLOCK_INFO[kind].pytorchClass;
    expect(toPyTorch(model)).toContain(`nn.${cls}(`);
    expect(toCourseStyle(model)).toContain(`    ${cls}(`);
    expect(embedTitle(model)).toContain(`→ ${BLOCK_INFO[kind].label}`);
    expect(layerSpecs(model)[1]!.kind).toBe(kind);
    expect(decodeUrlState(encodeUrlState(model)).model.blocks.map((b) => b.kind)).toEqual(['linear', kind]);
  });
});
