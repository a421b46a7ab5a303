// Shared by the training tests: the real image sets through the page's loader (skipped with a
// message when scripts/fetch-data.sh has not built them), and a run setup with defaults.
import { existsSync, readFileSync } from 'node:fs';
import type { Dataset } from '../../../web/src/data/dataset';
import type { LayerlabModule } from '../../../web/src/engine/layerlab';
import { loadImageSet, loadManifest } from '../../../web/src/data/load';
import type { LayerSpec } from '../../../web/src/model/layer-specs';
import type { RunSetup } from '../../../web/src/train/protocol';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../web/src/train/settings';

export const DATA_DIR = new URL('../../../web/public/data/', import.meta.url);
export const DATA_BASE = 'http://data.test/';
export const dataBuilt = existsSync(new URL('manifest.json', DATA_DIR));

export const fileFetch = async (url: string): Promise<Response> => new Response(readFileSync(new URL(url.slice(DATA_BASE.length), DATA_DIR)));

const sets = new Map<string, Dataset>();

export async function imageSet(id: string): Promise<Dataset> {
  const cached = sets.get(id);
  if (cached) return cached;
  const manifest = await loadManifest(DATA_BASE, { fetch: fileFetch });
  const entry = manifest.sets.find((s) => s.id === id);
  if (!entry) throw new Error(`no set ${id} in the manifest`);
  const set = await loadImageSet(DATA_BASE, entry, { fetch: fileFetch });
  sets.set(id, set);
  return set;
}

export const linear = (inF: number, out: number): LayerSpec => ({ kind: 'linear', in: inF, out, bias: true, init: 'lecun' });
export const relu: LayerSpec = { kind: 'relu' };

export function setupFor(layers: LayerSpec[], features: number[], settings: Partial<TrainSettings> = {}, seed = 42): RunSetup {
  return { layers, features, seed, settings: { ...DEFAULT_TRAIN_SETTINGS, ...settings }, dataBase: DATA_BASE };
}

/**
 * Once per process the module grows buffers it then reuses (the backward kernels' packing
 * buffers, trainStep's cached input shape): grows them before the per-test heap checks, as
 * support/module.ts does for the forward kernels. Call in beforeAll after useModule.
 */
export function primeTrainingBuffers(ll: LayerlabModule): void {
  const net = new ll.Sequential();
  const lin = new ll.Linear(4096, 64);
  net.add(lin);
  const loss = new ll.CrossEntropyLoss();
  const opt = new ll.Adam(net);
  const x = ll.Tensor.fromArray(new Float32Array(512 * 4096), [512, 4096]);
  const t = ll.Tensor.fromArray(new Float32Array(512), [512]);
  ll.trainStep(net, loss, opt, x, t);
  // A deep stack with Dropout and Tanh: per-depth scratch grows to its largest once.
  const deep = new ll.Sequential();
  const layers = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? new ll.Linear(64, 64) : i % 3 === 1 ? new ll.Tanh() : new ll.Dropout(0.2)));
  for (const l of layers) deep.add(l);
  const deepOpt = new ll.SGD(deep, { lr: 0.01, momentum: 0.9 });
  const dx = ll.Tensor.fromArray(new Float32Array(512 * 64), [512, 64]);
  ll.trainStep(deep, loss, deepOpt, dx, t);
  deep.forward(dx, true).delete();
  for (const h of [x, t, opt, loss, lin, net, dx, deepOpt, deep, ...layers]) h.delete();
}
