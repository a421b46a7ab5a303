// Shared by the training tests: the real image sets through the page's loader (skipped with a
// message when scripts/fetch-data.sh has not built them), and a run setup with defaults.
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Dataset } from '../../../web/src/data/dataset';
import { loadImageSet, loadManifest } from '../../../web/src/data/load';
import type { LayerSpec } from '../../../web/src/vocabulary/layer-spec';
import type { LayerlabModule } from '../../../web/src/engine/layerlab';
import { TrainHost } from '../../../web/src/train/worker/host';
import type { FromWorker, Progress, RunSetup } from '../../../web/src/train/protocol';
import type { Trainer } from '../../../web/src/train/worker/trainer';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../../web/src/model/training/settings';

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
  // A 4096-wide hidden layer from a 2-D input: scratch for wide outputs grows to its largest.
  const wide = new ll.Sequential();
  const wideLayers = [new ll.Linear(2, 4096), new ll.ReLU(), new ll.Linear(4096, 2)];
  for (const l of wideLayers) wide.add(l);
  const wideOpt = new ll.SGD(wide, { lr: 0.01, momentum: 0.9 });
  const wx = ll.Tensor.fromArray(new Float32Array(512 * 2), [512, 2]);
  ll.trainStep(wide, loss, wideOpt, wx, t);
  for (const h of [x, t, opt, loss, lin, net, dx, deepOpt, deep, ...layers, wx, wideOpt, wide, ...wideLayers]) h.delete();
}

export const noop = (): void => undefined;

/** `steps` optimizer steps, each of which must succeed. */
export function trainSteps(t: Trainer, steps: number): void {
  for (let i = 0; i < steps; i++) expect(t.trainStep(false, noop).kind).toBe('ok');
}

/** A TrainHost on `data` with a clock that ticks once per look and a task queue drained by hand. */
export function fakeHost(ll: LayerlabModule, data: Dataset): { host: TrainHost; posted: FromWorker[]; drain(limit?: number): void } {
  const posted: FromWorker[] = [];
  const tasks: (() => void)[] = [];
  let clock = 0;
  const host = new TrainHost({ ll, post: (m) => posted.push(m), loadData: async () => data, schedule: (fn) => tasks.push(fn), now: () => clock++ });
  return {
    host,
    posted,
    drain(limit = 10_000) {
      for (let i = 0; i < limit && tasks.length > 0; i++) tasks.shift()!();
    },
  };
}

export const progresses = (posted: FromWorker[]): Progress[] => posted.flatMap((m) => (m.type === 'progress' ? [m.progress] : []));
