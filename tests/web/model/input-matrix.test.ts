// Typed input values: read as the course writes them, errors naming row and column, a link's
// form, and edits of the shape that keep what was typed.
import { describe, expect, it } from 'vitest';
import { formatMatrix, matrixFromUrl, matrixToUrl, parseMatrix, resizeValues, typeable } from '../../../web/src/model/network/input-matrix';
import { modelFromSpecs, setInput } from '../../../web/src/model/network/network';
import { decodeUrlState, encodeUrlState } from '../../../web/src/model/link/url-state';

describe('parseMatrix', () => {
  it("reads the course's x = [[1, 2, 3]] and more rows", () => {
    expect(parseMatrix('[[1, 2, 3]]')).toEqual({ ok: true, value: { rows: 1, columns: 3, values: [1, 2, 3] } });
    expect(parseMatrix(' [[1, 2.5, -3e-1],\n [4, 5, 6,]] ')).toEqual({ ok: true, value: { rows: 2, columns: 3, values: [1, 2.5, -0.3, 4, 5, 6] } });
    expect(parseMatrix('[1, 2, 3]')).toEqual({ ok: true, value: { rows: 1, columns: 3, values: [1, 2, 3] } });
  });

  it('names the row and column of what is wrong', () => {
    expect(parseMatrix('[[1, 2, 3], [4, x, 6]]')).toEqual({ ok: false, error: 'Row 2, column 2: "x" is not a number' });
    expect(parseMatrix('[[1, 2, 3], [4, 5]]')).toEqual({ ok: false, error: 'Row 2 has 2 values, row 1 has 3: every row needs the same number of features' });
    expect(parseMatrix('[[1, , 3]]')).toEqual({ ok: false, error: 'Row 1, column 2: a value is missing' });
    expect(parseMatrix('[[1, 2, 3]')).toEqual({ ok: false, error: 'Row 1 has no closing "]"' });
    expect(parseMatrix('1, 2, 3')).toMatchObject({ ok: false, error: expect.stringMatching(/square brackets/) });
    expect(parseMatrix('[[1, 1e39]]')).toEqual({ ok: false, error: 'Row 1, column 2: 1e39 is too large for float32' });
    expect(parseMatrix(`[${Array.from({ length: 9 }, () => '[1]').join(', ')}]`)).toEqual({ ok: false, error: '9 rows: typed input takes at most 8 (the batch)' });
  });

  it('writes back what it read, and a link form that reads back', () => {
    expect(formatMatrix([1, 2, 3, 4, 5, 6], 3)).toBe('[[1, 2, 3], [4, 5, 6]]');
    expect(matrixToUrl([1, 2.5, 3, 4, 5, 6], 3)).toBe('1,2.5,3;4,5,6');
    expect(matrixFromUrl('1,2.5,3;4,5,6')).toEqual({ ok: true, value: { rows: 2, columns: 3, values: [1, 2.5, 3, 4, 5, 6] } });
  });

  it('is offered for inputs up to 8 × 16 with one feature dimension', () => {
    expect(typeable(8, [16])).toBe(true);
    expect(typeable(9, [3])).toBe(false);
    expect(typeable(1, [17])).toBe(false);
    expect(typeable(1, [2, 2])).toBe(false);
  });
});

describe('typed input in the model and the link', () => {
  const typed = setInput(modelFromSpecs([]), { batch: 1, features: [3], data: 'typed', values: [1, 2, 3] });

  it('keeps typed cells when the shape changes, and gives way to noise when too large to type', () => {
    expect(resizeValues([1, 2, 3, 4, 5, 6], { rows: 2, columns: 3 }, { rows: 1, columns: 4 })).toEqual([1, 2, 3, 0]);
    expect(setInput(typed, { batch: 2 }).input.values).toEqual([1, 2, 3, 0, 0, 0]);
    const big = setInput(typed, { batch: 32 });
    expect(big.input.data).toBe('normal');
    expect(big.input.values).toBeUndefined();
  });

  it('a link carries the values and reproduces them', () => {
    const hash = encodeUrlState(typed);
    expect(hash).toBe('#in=1x3&data=typed&x=1,2,3&net=');
    const back = decodeUrlState(hash);
    expect(back.problems).toEqual([]);
    expect(back.model.input).toEqual({ batch: 1, features: [3], data: 'typed', values: [1, 2, 3] });
  });

  it('a link whose values do not match its input says so and uses noise', () => {
    const back = decodeUrlState('#in=2x3&data=typed&x=1,2,3&net=');
    expect(back.problems).toEqual(['x has 1 × 3 values, in= says 2 × 3; using normal data']);
    expect(back.model.input.data).toBe('normal');
    expect(decodeUrlState('#in=1x3&data=typed&x=1,q,3&net=').problems[0]).toMatch(/^x: Row 1, column 2: "q" is not a number/);
  });
});
