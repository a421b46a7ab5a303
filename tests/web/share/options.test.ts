import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXTRAS, MAX_CAPTION_LENGTH, MAX_QUERY_LENGTH, NORMAL_PAGE, PANELS, embedQuery, parseEmbedQuery } from '../../../web/src/share/embed-options.ts';
import { QUESTION_IDS } from '../../../web/src/learn/predict/questions.ts';

describe('parseEmbedQuery', () => {
  it('leaves the normal page alone, whatever else is in the query', () => {
    for (const q of ['', '?', '?utm_source=course&lock=1', '?hide=masks', '?embed=0&lock=1', '?embed=false']) {
      expect(parseEmbedQuery(q)).toEqual({ ...NORMAL_PAGE, problems: [] });
    }
  });

  it('reads the documented options', () => {
    expect(parseEmbedQuery('?embed=1&lock=1&hide=masks,code&show=presets')).toEqual({
      ...NORMAL_PAGE,
      embed: true,
      locked: true,
      hidden: ['masks', 'code'],
      show: ['presets'],
      ask: [],
      problems: [],
    });
  });

  it('reads the learning panels, the partial lock, autoplay and a caption', () => {
    const o = parseEmbedQuery('?embed=1&lock=structure&show=train,curves,weights,confusion,boundary,depth,compare&hide=mode,descriptions&autoplay=1&caption=Press+Play%2C+then+move+p.');
    expect(o).toEqual({
      embed: true,
      locked: false,
      lockStructure: true,
      hidden: ['mode', 'descriptions'],
      show: ['train', 'curves', 'weights', 'confusion', 'boundary', 'depth', 'compare'],
      autoplay: true,
      caption: 'Press Play, then move p.',
      ask: [],
      problems: [],
    });
    expect(parseEmbedQuery('?embed=1&lock=1').lockStructure).toBe(false);
  });

  it('names an unreadable autoplay, and cuts a long caption saying so', () => {
    const o = parseEmbedQuery(`?embed=1&autoplay=often&caption=${'a'.repeat(MAX_CAPTION_LENGTH + 5)}`);
    expect(o.autoplay).toBe(false);
    expect(o.caption.length).toBe(MAX_CAPTION_LENGTH);
    expect(o.problems).toEqual([
      'autoplay: expected 1 or 0 (got "often"); not playing by itself',
      `caption: at most ${MAX_CAPTION_LENGTH} characters (got ${MAX_CAPTION_LENGTH + 5}); the rest is not shown`,
    ]);
  });

  it('accepts bare flags, any order, case and spacing, and "+" as a space', () => {
    const o = parseEmbedQuery('hide=+Code+,%20masks&LOCK&embed');
    expect(o).toMatchObject({ embed: true, locked: true, hidden: ['masks', 'code'], problems: [] });
    expect(parseEmbedQuery('?embed=yes&lock=off').locked).toBe(false);
    expect(parseEmbedQuery('?embed=1&hide=none').hidden).toEqual([]);
  });

  it('writes hidden panels in a fixed order without repeats', () => {
    expect(parseEmbedQuery('?embed=1&hide=input,masks,input,,totals').hidden).toEqual(['masks', 'totals', 'input']);
  });

  it('reports malformed values and falls back safely', () => {
    const o = parseEmbedQuery('?embed=banana&lock=maybe&hide=masks,bogus&show=footer');
    expect(o.embed).toBe(true);
    expect(o.locked).toBe(true); // an unreadable lock value locks
    expect(o.hidden).toEqual(['masks']);
    expect(o.show).toEqual([]);
    expect(o.problems).toEqual([
      'embed: expected 1 or 0 (got "banana"); shown embedded',
      'lock: expected 1, 0 or structure (got "maybe"); the network is locked',
      'hide: unknown name "bogus" ignored (names: masks, heatmaps, histograms, totals, code, input, mode, descriptions)',
      'show: unknown name "footer" ignored (names: header, presets, memory, train, curves, weights, confusion, boundary, depth, compare)',
    ]);
  });

  it('reports unknown options, repeats and broken escapes as text, never acting on them', () => {
    const o = parseEmbedQuery('?embed=1&onload=%3Cscript%3Ealert(1)%3C%2Fscript%3E&lock=0&lock=1&hide=%E0%A4%A&%3Cimg%20src=x%3E');
    expect(o.locked).toBe(false);
    expect(o.hidden).toEqual([]);
    expect(o.problems).toEqual([
      'Unknown embed option "onload" ignored (options: embed, lock, hide, show, autoplay, caption, ask)',
      'lock: appears more than once; the first one was used',
      '"hide=%E0%A4%A" has broken %-escapes; ignored',
      'Unknown embed option "<img src" ignored (options: embed, lock, hide, show, autoplay, caption, ask)',
    ]);
  });

  it('cuts echoed text short and strips control characters', () => {
    const o = parseEmbedQuery(`?embed=1&hide=${'x'.repeat(200)}%0A`);
    expect(o.problems).toHaveLength(1);
    expect(o.problems[0]).toContain(`"${'x'.repeat(39)}…"`);
    expect(o.problems[0]).not.toContain('\n');
  });

  it('refuses an overlong query but stays embedded', () => {
    const o = parseEmbedQuery('?embed=1&hide=' + 'masks,'.repeat(MAX_QUERY_LENGTH));
    expect(o.embed).toBe(true);
    expect(o.hidden).toEqual([]);
    expect(o.problems[0]).toMatch(/too long/);
    expect(parseEmbedQuery('?q=' + 'a'.repeat(MAX_QUERY_LENGTH * 2)).problems).toEqual([]);
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const o = parseEmbedQuery('?embed=1&' + text);
        expect(o.embed).toBe(true);
        for (const p of o.problems) expect(typeof p).toBe('string');
      }),
    );
  });
});

describe('ask (Predict first)', () => {
  it('reads the questions from the query and the attribute, and names unknown ones', () => {
    expect(parseEmbedQuery('?embed=1&ask=memory,shape')).toMatchObject({ ask: ['shape', 'memory'], problems: [] });
    expect(parseEmbedQuery('?embed=1&ask=shape,bias').problems).toEqual(['ask: unknown name "bias" ignored (names: shape, params, total, memory, macs, keep, scale, mode, init)']);
  });
});

describe('embedQuery', () => {
  it('round-trips through parseEmbedQuery', () => {
    fc.assert(
      fc.property(fc.constantFrom('none', 'structure', 'all'), fc.subarray([...PANELS]), fc.subarray([...EXTRAS]), fc.boolean(), fc.string({ maxLength: 40 }), fc.subarray([...QUESTION_IDS]), (lock, hidden, show, autoplay, text, ask) => {
        // A caption as readCaption leaves it: no control characters, no outer spaces.
        const caption = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
        const options = { embed: true, locked: lock === 'all', lockStructure: lock === 'structure', hidden, show, autoplay, caption, ask };
        expect(parseEmbedQuery(embedQuery(options))).toEqual({ ...options, problems: [] });
      }),
    );
  });

  it('is empty for the normal page', () => {
    expect(embedQuery({ ...NORMAL_PAGE, locked: true, hidden: ['code'], ask: ['shape'] })).toBe('');
  });
});
