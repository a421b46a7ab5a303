// The import corpus: .py files written in the styles of well-known tutorials and books, and
// expected.json, what importing each must give. Shared by the corpus and PyTorch checks.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Candidate, fromPyTorch } from '../../../web/src/model/import/import.ts';
import { layerLabel, parameterCount } from '../../../web/src/model/import/import-preview.ts';
import { layerSpecs, resolveShapesLite } from '../../../web/src/model/network/network.ts';

export const CORPUS_DIR = fileURLToPath(new URL('./corpus/', import.meta.url));

export interface CorpusEntry {
  file: string;
  /** Every candidate's name, in the importer's order. */
  candidates: string[];
  /** The candidate compared below. */
  model: string;
  input: number[];
  /** "Linear(784, 256)", "Linear(50, 5, bias=False, init=he)", "ReLU", "Dropout(0.2)"... */
  layers: string[];
  parameters: number;
  output: number[];
  training: boolean;
  /** Lines of the problems reported for that candidate. */
  problemLines: number[];
  /** true: PyTorch must agree on parameters and output shape; otherwise why it cannot. */
  torch: true | string;
}

export const CORPUS: CorpusEntry[] = JSON.parse(readFileSync(`${CORPUS_DIR}expected.json`, 'utf8')) as CorpusEntry[];

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.py')).sort();
}

/** What the importer gives for the entry's file and candidate, in the table's terms. */
export function importEntry(entry: CorpusEntry): { names: string[]; picked: Candidate | undefined; actual: Omit<CorpusEntry, 'file' | 'torch'> | null } {
  const result = fromPyTorch(readFileSync(`${CORPUS_DIR}${entry.file}`, 'utf8'));
  const names = result.candidates.map((c) => c.name);
  const picked = result.candidates.find((c) => c.name === entry.model);
  if (picked === undefined) return { names, picked, actual: null };
  const specs = layerSpecs(picked.model);
  return {
    names,
    picked,
    actual: {
      candidates: names,
      model: picked.name,
      input: [picked.model.input.batch, ...picked.model.input.features],
      layers: specs.map(layerLabel),
      parameters: parameterCount(specs),
      output: resolveShapesLite(picked.model).output,
      training: picked.model.training,
      problemLines: picked.problems.map((p) => p.line),
    },
  };
}
