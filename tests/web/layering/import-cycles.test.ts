// No module under web/src may import itself back through others: a circle makes load order
// matter and hides which layer owns what. Imports are read with a regex (static `import` and
// `export ... from`, type-only ones included, since they still tie the files together).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/src');
const IMPORT = /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string, known: Set<string>): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts')]) {
    if (known.has(candidate)) return candidate;
  }
  return null;
}

/** Every import circle, each as the list of files around it (relative to web/src). */
export function importCycles(root: string): string[][] {
  const files = sourceFiles(root);
  const known = new Set(files);
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => resolveImport(file, m[1]!, known)).filter((t): t is string => t !== null);
    edges.set(file, [...new Set(targets)]);
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)).map((f) => relative(root, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles;
}

describe('layering', () => {
  it('the cycle finder sees a circle (self-check on a fixture)', () => {
    const fixture = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures/cycle');
    expect(importCycles(fixture)).toEqual([['a.ts', 'b.ts']]);
  });

  it('web/src has no import circles', () => {
    expect(importCycles(ROOT)).toEqual([]);
  });

  it('views, the model and the shared pure modules import nothing from embed/ (the custom element)', () => {
    const upward = sourceFiles(ROOT)
      .filter((f) => /^(views|model|share|app|engine)\//.test(relative(ROOT, f)))
      .filter((f) => [...readFileSync(f, 'utf8').matchAll(IMPORT)].some((m) => resolve(dirname(f), m[1]!).startsWith(join(ROOT, 'embed/'))))
      .map((f) => relative(ROOT, f));
    expect(upward).toEqual([]);
  });
});
