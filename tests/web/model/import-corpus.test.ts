// Every corpus file imported and compared with its row in expected.json.
import { describe, expect, it } from 'vitest';
import { CORPUS, corpusFiles, importEntry } from './corpus-table.ts';

describe('import corpus', () => {
  it('has at least 25 definitions, each with exactly one expected row', () => {
    expect(corpusFiles().length).toBeGreaterThanOrEqual(25);
    expect(CORPUS.map((e) => e.file).sort()).toEqual(corpusFiles());
  });

  it.each(CORPUS.map((e) => [e.file, e] as const))('%s', (_file, entry) => {
    const { actual } = importEntry(entry);
    const { file: _f, torch: _t, ...expected } = entry;
    expect(actual).toEqual(expected);
  });
});
