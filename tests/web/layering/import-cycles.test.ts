// No module under web/src may import itself back through others: a circle makes load order
// matter and hides which layer owns what. And imports run down the floors only (FLOORS): a
// type a lower floor needs lives on that floor or below. Imports are read with a regex (static
// `import` and `export ... from`, type-only ones included, since they still tie the files
// together).
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

/** Each file under root with the files it imports (absolute paths). */
function importGraph(root: string): Map<string, string[]> {
  const files = sourceFiles(root);
  const known = new Set(files);
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => resolveImport(file, m[1]!, known)).filter((t): t is string => t !== null);
    edges.set(file, [...new Set(targets)]);
  }
  return edges;
}

/** Every import circle, each as the list of files around it (relative to web/src). */
export function importCycles(root: string): string[][] {
  const edges = importGraph(root);
  const files = [...edges.keys()];
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

/**
 * web/src's floors, the ground first: a file may import its own floor and the floors below,
 * never one above. Each entry is a top-level folder, or a file directly in web/src.
 */
export const FLOORS: readonly (readonly string[])[] = [
  ['vocabulary'], // block kinds, LayerSpec, init schemes
  ['data', 'engine'], // data sets and PRNG; the one owner of WASM handles, the TypeScript summary
  ['model'], // network, presets, link codec, Python import, exports, training settings
  ['learn'], // what the learning views compute (pure), and their WASM adapters
  ['train'], // training, page side and worker side: the trainer computes the learning views' figures
  ['app', 'share'], // the store, URL sync; embed options and snippets
  ['views'], // DOM only
  ['compose'], // the composition root: the page's and the element's store, worker and views
  ['embed'], // the custom element
  ['main.ts'], // the page
];

/** Rooms on one floor that must not import each other (either way). */
export const APART: readonly (readonly [string, string])[] = [['train/page', 'train/worker']];

/** Every import that runs up a floor or between rooms kept apart, as "from -> to" (relative to root); files on no floor too. */
export function floorViolations(root: string, floors: readonly (readonly string[])[], apart: readonly (readonly [string, string])[] = []): string[] {
  const level = new Map(floors.flatMap((names, i) => names.map((name) => [name, i] as const)));
  const problems: string[] = [];
  const floorOf = (rel: string): number | undefined => level.get(rel.split('/')[0]!);
  const inRoom = (rel: string, room: string): boolean => rel.startsWith(`${room}/`);
  for (const [file, targets] of importGraph(root)) {
    const from = relative(root, file);
    const own = floorOf(from);
    if (own === undefined) {
      problems.push(`${from} is on no floor`);
      continue;
    }
    for (const target of targets) {
      const to = relative(root, target);
      const theirs = floorOf(to);
      const crossesApart = apart.some(([a, b]) => (inRoom(from, a) && inRoom(to, b)) || (inRoom(from, b) && inRoom(to, a)));
      if (theirs === undefined || theirs > own || crossesApart) problems.push(`${from} -> ${to}`);
    }
  }
  return problems.sort();
}

describe('layering', () => {
  it('the cycle finder sees a circle (self-check on a fixture)', () => {
    const fixture = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures/cycle');
    expect(importCycles(fixture)).toEqual([['a.ts', 'b.ts']]);
  });

  it('web/src has no import circles', () => {
    expect(importCycles(ROOT)).toEqual([]);
  });

  it('the floor check sees an import running up a floor, between rooms kept apart, and a file on no floor (self-check on a fixture)', () => {
    const fixture = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures/floors');
    expect(floorViolations(fixture, [['low'], ['high']], [['high/left', 'high/right']])).toEqual([
      'high/left/c.ts -> high/right/d.ts',
      'low/a.ts -> high/b.ts',
      'stray.ts is on no floor',
    ]);
  });

  it('imports in web/src run down the floors only, and the training worker and page import nothing of each other', () => {
    expect(floorViolations(ROOT, FLOORS, APART)).toEqual([]);
  });

  it('views, the model and the shared pure modules import nothing from embed/ (the custom element)', () => {
    const upward = sourceFiles(ROOT)
      .filter((f) => /^(views|model|share|app|engine)\//.test(relative(ROOT, f)))
      .filter((f) => [...readFileSync(f, 'utf8').matchAll(IMPORT)].some((m) => resolve(dirname(f), m[1]!).startsWith(join(ROOT, 'embed/'))))
      .map((f) => relative(ROOT, f));
    expect(upward).toEqual([]);
  });
});
