// The data set a run asks for: a toy set generated from the seed, or an image set downloaded
// (with progress) and checked against the manifest. Sets are kept, so Reset and a new
// optimizer do not download again. Every download has a time limit.
import type { Dataset } from '../../data/dataset.ts';
import { loadImageSet, loadManifest } from '../../data/load.ts';
import { toyDataset } from '../../data/toy.ts';
import type { RunSetup } from '../protocol.ts';
import { isImageSet, isToySet } from '../../model/training/settings.ts';

/** A download that takes longer than this fails with a message instead of waiting forever. */
export const DOWNLOAD_TIMEOUT_MS = 60_000;

const cache = new Map<string, Dataset>();

function keyOf(setup: RunSetup): string {
  const s = setup.settings;
  return isToySet(s.dataset) ? `${s.dataset}:${setup.seed}:${s.noise}:${s.trainFraction}` : s.dataset;
}

export async function loadData(setup: RunSetup, onProgress: (received: number, total: number | null) => void): Promise<Dataset> {
  const { dataset } = setup.settings;
  const key = keyOf(setup);
  const cached = cache.get(key);
  if (cached) return cached;
  let data: Dataset;
  if (isToySet(dataset)) {
    data = toyDataset({ kind: dataset, seed: setup.seed, noise: setup.settings.noise, trainFraction: setup.settings.trainFraction });
  } else if (isImageSet(dataset)) {
    const signal = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
    const manifest = await loadManifest(setup.dataBase, { signal });
    const entry = manifest.sets.find((s) => s.id === dataset);
    if (!entry) throw new Error(`the manifest has no set "${dataset}" (it has ${manifest.sets.map((s) => s.id).join(', ')}); run bash scripts/fetch-data.sh`);
    data = await loadImageSet(setup.dataBase, entry, { signal, onProgress: (p) => onProgress(p.received, p.total) });
  } else {
    throw new Error(`unknown data set "${String(dataset)}"`);
  }
  // Only the sets of this page's life: at most the two image sets and a few toy sets.
  if (cache.size > 8) cache.clear();
  cache.set(key, data);
  return data;
}
