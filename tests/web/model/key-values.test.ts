import { describe, expect, it } from 'vitest';
import { FALSE_WORDS, TRUE_WORDS, readFlag, readNameList, splitKeyValues } from '../../../web/src/model/link/key-values.ts';
import { parseEmbedQuery } from '../../../web/src/share/embed-options.ts';
import { decodeUrlState } from '../../../web/src/model/link/url-state.ts';

describe('key-values', () => {
  it('reads the one list of yes/no words, in any case and spacing', () => {
    for (const w of TRUE_WORDS) expect(readFlag(` ${w.toUpperCase()} `), w).toBe(true);
    for (const w of FALSE_WORDS) expect(readFlag(w), w).toBe(false);
    expect(readFlag('maybe')).toBeNull();
    expect(readFlag('')).toBeNull();
    expect(readFlag('  ', true)).toBe(true);
  });

  it('every reader of yes/no accepts exactly the shared words', () => {
    for (const w of [...TRUE_WORDS, ...FALSE_WORDS]) {
      const yes = TRUE_WORDS.includes(w);
      expect(parseEmbedQuery(`?embed=${w}&lock=${w}`), w).toMatchObject(yes ? { embed: true, locked: true } : { embed: false });
      expect(decodeUrlState(`#train=${w}`).model.training, w).toBe(yes);
    }
    expect(parseEmbedQuery('?embed=1&lock=maybe').problems).toHaveLength(1);
    expect(decodeUrlState('#train=maybe').problems).toHaveLength(2);
  });

  it('splits and decodes parts in order, reporting broken escapes where they stand', () => {
    const problems: string[] = [];
    const seen: string[] = [];
    for (const part of splitKeyValues('a=1&&b&c=x+y%20z&d=%E0%A4%A&e=', { plusIsSpace: true }, problems)) {
      seen.push(`${part.key}:${part.value}:${part.hasValue}`);
      problems.push(`after ${part.key}`);
    }
    expect(seen).toEqual(['a:1:true', 'b::false', 'c:x y z:true', 'e::true']);
    expect(problems).toEqual(['after a', 'after b', 'after c', '"d=%E0%A4%A" has broken %-escapes; ignored', 'after e']);
    const fragment = [...splitKeyValues('c=x+y', { plusIsSpace: false }, problems)];
    expect(fragment[0]!.value).toBe('x+y');
  });

  it('reads name lists in the allowed order, reporting unknown names', () => {
    const problems: string[] = [];
    expect(readNameList('hide', ' C,a,,A,x ', ['a', 'b', 'c'] as const, problems)).toEqual(['a', 'c']);
    expect(problems).toEqual(['hide: unknown name "x" ignored (names: a, b, c)']);
    expect(readNameList('hide', 'none', ['a'] as const, problems)).toEqual([]);
  });
});
