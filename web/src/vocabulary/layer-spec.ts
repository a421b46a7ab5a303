// The exact constructor arguments the engine needs for one block: what the model hands down
// (model/network/layer-specs.ts makes them from a network) and every floor below it reads.
import type { InitScheme, OptionlessKind } from './blocks.ts';

export type LayerSpec =
  | { kind: 'linear'; in: number; out: number; bias: boolean; init: InitScheme }
  | { kind: 'dropout'; p: number }
  | { kind: OptionlessKind };
