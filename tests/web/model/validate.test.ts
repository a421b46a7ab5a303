import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  validateBatch,
  validateDropoutP,
  validateFeatures,
  validateInFeatures,
  validateOutFeatures,
  validateSeed,
  validateWholeNumber,
} from '../../../web/src/model/network/validate.ts';

function error(result: { ok: true } | { ok: false; error: string }): string {
  return result.ok ? '(no error)' : result.error;
}

describe('sizes', () => {
  it('accepts whole numbers in range, from text or numbers, trimming spaces', () => {
    expect(validateOutFeatures('256')).toEqual({ ok: true, value: 256 });
    expect(validateOutFeatures(' 10 ')).toEqual({ ok: true, value: 10 });
    expect(validateOutFeatures(1)).toEqual({ ok: true, value: 1 });
    expect(validateOutFeatures('65536')).toEqual({ ok: true, value: 65_536 });
    expect(validateOutFeatures('1e3')).toEqual({ ok: true, value: 1000 });
    expect(validateOutFeatures('+7')).toEqual({ ok: true, value: 7 });
    expect(validateBatch('4096')).toEqual({ ok: true, value: 4096 });
  });

  it('names the field and echoes the bad input for every class of mistake', () => {
    expect(error(validateOutFeatures('2.5'))).toBe('Out features must be a whole number ≥ 1 (got 2.5)');
    expect(error(validateOutFeatures(2.5))).toBe('Out features must be a whole number ≥ 1 (got 2.5)');
    expect(error(validateOutFeatures('0'))).toBe('Out features must be a whole number ≥ 1 (got 0)');
    expect(error(validateOutFeatures('-3'))).toBe('Out features must be a whole number ≥ 1 (got -3)');
    expect(error(validateOutFeatures(''))).toBe('Out features is empty: enter a whole number from 1 to 65,536');
    expect(error(validateOutFeatures('  '))).toBe('Out features is empty: enter a whole number from 1 to 65,536');
    expect(error(validateOutFeatures('abc'))).toBe('Out features must be a whole number ≥ 1 (got "abc")');
    expect(error(validateOutFeatures(Number.NaN))).toBe('Out features must be a whole number ≥ 1 (got NaN)');
    expect(error(validateOutFeatures('NaN'))).toBe('Out features must be a whole number ≥ 1 (got "NaN")');
    expect(error(validateOutFeatures('Infinity'))).toBe('Out features must be a whole number ≥ 1 (got "Infinity")');
    expect(error(validateOutFeatures('0x10'))).toBe('Out features must be a whole number ≥ 1 (got "0x10")');
    expect(error(validateOutFeatures('12abc'))).toBe('Out features must be a whole number ≥ 1 (got "12abc")');
    expect(error(validateOutFeatures('65537'))).toBe('Out features must be at most 65,536 (got 65537)');
    expect(error(validateOutFeatures('1e400'))).toBe('Out features must be at most 65,536 (got 1e400)');
    expect(error(validateOutFeatures(Number.POSITIVE_INFINITY))).toBe('Out features must be at most 65,536 (got Infinity)');
    expect(error(validateOutFeatures('99999999999999999999999'))).toBe('Out features must be at most 65,536 (got 99999999999999999999999)');
    expect(error(validateInFeatures('0.5'))).toBe('In features must be a whole number ≥ 1 (got 0.5)');
    expect(error(validateBatch('5000'))).toBe('Batch size must be at most 4,096 (got 5000)');
    expect(error(validateBatch('-1'))).toBe('Batch size must be a whole number ≥ 1 (got -1)');
  });

  it('cuts long echoed input short', () => {
    const message = error(validateOutFeatures('x'.repeat(1000)));
    expect(message.length).toBeLessThan(120);
    expect(message).toContain('…');
  });

  it('takes any label and range', () => {
    expect(error(validateWholeNumber('11', 'Units', 2, 10))).toBe('Units must be at most 10 (got 11)');
    expect(error(validateWholeNumber('1', 'Units', 2, 10))).toBe('Units must be a whole number ≥ 2 (got 1)');
  });
});

describe('input features', () => {
  it('accepts one to four dimensions in several notations', () => {
    expect(validateFeatures('784')).toEqual({ ok: true, value: [784] });
    expect(validateFeatures('28x28')).toEqual({ ok: true, value: [28, 28] });
    expect(validateFeatures('28 × 28')).toEqual({ ok: true, value: [28, 28] });
    expect(validateFeatures('(3, 28, 28)')).toEqual({ ok: true, value: [3, 28, 28] });
    expect(validateFeatures([2, 3, 4, 5])).toEqual({ ok: true, value: [2, 3, 4, 5] });
  });

  it('says which dimension is wrong', () => {
    expect(error(validateFeatures('28x0'))).toBe('Input features (dimension 2 of 2) must be a whole number ≥ 1 (got 0)');
    expect(error(validateFeatures('28x'))).toBe('Input features (dimension 2 of 2) is empty: enter a whole number from 1 to 65,536');
    expect(error(validateFeatures('100000'))).toBe('Input features must be at most 65,536 (got 100000)');
    expect(error(validateFeatures(''))).toBe('Input features is empty: enter sizes like 784 or 28x28');
    expect(error(validateFeatures([]))).toBe('Input features is empty: enter sizes like 784 or 28x28');
    expect(error(validateFeatures('1x2x3x4x5'))).toBe(`Input features can have at most ${LIMITS.maxInputDims} dimensions (got 5)`);
  });
});

describe('dropout p', () => {
  it('accepts 0, 1 and anything between', () => {
    expect(validateDropoutP('0')).toEqual({ ok: true, value: 0 });
    expect(validateDropoutP('1')).toEqual({ ok: true, value: 1 });
    expect(validateDropoutP('.25')).toEqual({ ok: true, value: 0.25 });
    expect(validateDropoutP(0.5)).toEqual({ ok: true, value: 0.5 });
  });

  it('rejects everything else with a message', () => {
    expect(error(validateDropoutP('1.5'))).toBe('Dropout p must be a number from 0 to 1 (got 1.5)');
    expect(error(validateDropoutP('-0.1'))).toBe('Dropout p must be a number from 0 to 1 (got -0.1)');
    expect(error(validateDropoutP('half'))).toBe('Dropout p must be a number from 0 to 1 (got "half")');
    expect(error(validateDropoutP(Number.NaN))).toBe('Dropout p must be a number from 0 to 1 (got NaN)');
    expect(error(validateDropoutP('1e400'))).toBe('Dropout p must be a number from 0 to 1 (got 1e400)');
    expect(error(validateDropoutP(''))).toBe('Dropout p is empty: enter a number from 0 to 1');
  });

  it('turns -0 into 0', () => {
    const result = validateDropoutP('-0');
    expect(result.ok && Object.is(result.value, 0)).toBe(true);
  });
});

describe('seed', () => {
  it('accepts 0 to 2^32 - 1', () => {
    expect(validateSeed('0')).toEqual({ ok: true, value: 0 });
    expect(validateSeed('4294967295')).toEqual({ ok: true, value: 4_294_967_295 });
  });

  it('rejects negatives, fractions, overflow and text', () => {
    expect(error(validateSeed('-1'))).toBe('Seed must be a whole number ≥ 0 (got -1)');
    expect(error(validateSeed('1.5'))).toBe('Seed must be a whole number ≥ 0 (got 1.5)');
    expect(error(validateSeed('4294967296'))).toBe('Seed must be at most 4,294,967,295 (got 4294967296)');
    expect(error(validateSeed('seed'))).toBe('Seed must be a whole number ≥ 0 (got "seed")');
    expect(error(validateSeed(''))).toBe('Seed is empty: enter a whole number from 0 to 4,294,967,295');
  });
});
