// PyTorch as the oracle: for each corpus file it can run, PyTorch's own parameter count and
// output shape (for a zero input of the imported input shape) must equal the importer's, and
// every module name the importer reports must be one of PyTorch's. Needs Debian's
// python3-torch for /usr/bin/python3; without it the check is skipped, saying so.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS, importEntry } from './corpus-table.ts';

const SCRIPT = fileURLToPath(new URL('../../torch/check_corpus.py', import.meta.url));
// Debian's python3-torch lives under /usr/bin/python3, not a pyenv or venv Python.
const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';

type TorchRow = { parameters: number; output: number[]; modules: string[] } | { error: string };

function runTorch(): { rows: Record<string, TorchRow> } | { skip: string } {
  const run = spawnSync(PYTHON, [SCRIPT], { encoding: 'utf8', timeout: 120_000 });
  if (run.error !== undefined) return { skip: `${PYTHON} could not be run (${run.error.message})` };
  if (run.status === 3) return { skip: run.stderr.trim() };
  if (run.status !== 0) throw new Error(`check_corpus.py failed (status ${run.status}, signal ${run.signal}): ${run.stderr}`);
  return { rows: JSON.parse(run.stdout) as Record<string, TorchRow> };
}

const torch = runTorch();
const compared = CORPUS.filter((e) => e.torch === true);

describe.skipIf('skip' in torch)(`PyTorch oracle${'skip' in torch ? ` (skipped: ${torch.skip})` : ''}`, () => {
  it.each(compared.map((e) => [e.file, e] as const))('%s', (file, entry) => {
    const row = 'rows' in torch ? torch.rows[file] : undefined;
    const { actual, picked } = importEntry(entry);
    expect(row).toBeDefined();
    if (row === undefined || 'error' in row) throw new Error(`PyTorch could not run ${file}: ${row?.error ?? 'no row'}`);
    expect({ parameters: actual?.parameters, output: actual?.output }).toEqual({ parameters: row.parameters, output: row.output });
    for (const name of picked?.layerNames ?? []) if (name !== null) expect(row.modules).toContain(name);
  });
});

if ('skip' in torch) console.warn(`PyTorch oracle skipped: ${torch.skip}`);
