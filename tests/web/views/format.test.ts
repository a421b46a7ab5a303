import { describe, expect, test } from 'vitest';
import {
  formatBytes,
  formatCompact,
  formatCount,
  formatMs,
  formatPercent,
  formatShape,
  formatStat,
  linearFormula,
} from '../../../web/src/views/kit/format.ts';

describe('formatCount', () => {
  test('thousands separators', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1290)).toBe('1,290');
    expect(formatCount(200960)).toBe('200,960');
    expect(formatCount(235146)).toBe('235,146');
    expect(formatCount(7512064)).toBe('7,512,064');
    expect(formatCount(1_000_000_000)).toBe('1,000,000,000');
  });
});

describe('formatBytes (binary units, one decimal)', () => {
  test('bytes below 1 KiB are whole', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(40)).toBe('40 B');
    expect(formatBytes(1023)).toBe('1023 B');
  });
  test('KiB, MiB, GiB', () => {
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(803840)).toBe('785.0 KiB');
    expect(formatBytes(32768)).toBe('32.0 KiB');
    expect(formatBytes(3_784_704)).toBe('3.6 MiB');
    expect(formatBytes(2 ** 31)).toBe('2.0 GiB');
  });
  test('never prints 1024.0 of a unit', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MiB');
    expect(formatBytes(1024 * 1023.9)).toBe('1023.9 KiB');
  });
  test('nonsense input', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatShape', () => {
  test('Python tuple style', () => {
    expect(formatShape([32, 256])).toBe('(32, 256)');
    expect(formatShape([32, 28, 28])).toBe('(32, 28, 28)');
    expect(formatShape([10])).toBe('(10,)');
    expect(formatShape([])).toBe('()');
    expect(formatShape(null)).toBe('—');
  });
});

describe('linearFormula', () => {
  test('with and without bias', () => {
    expect(linearFormula(784, 256, true)).toBe('784 × 256 + 256');
    expect(linearFormula(128, 10, false)).toBe('128 × 10');
    expect(linearFormula(4096, 1024, true)).toBe('4,096 × 1,024 + 1,024');
  });
});

describe('small formats', () => {
  test('compact counts', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(235146)).toBe('235 k');
    expect(formatCompact(7512064)).toBe('7.51 M');
    expect(formatCompact(12_500_000_000)).toBe('12.5 G');
  });
  test('milliseconds', () => {
    expect(formatMs(0.0423)).toBe('0.04 ms');
    expect(formatMs(1.234)).toBe('1.23 ms');
    expect(formatMs(42.34)).toBe('42.3 ms');
    expect(formatMs(420.4)).toBe('420 ms');
    expect(formatMs(null)).toBe('—');
  });
  test('percent, stats', () => {
    expect(formatPercent(0.498779)).toBe('49.9%');
    expect(formatStat(0)).toBe('0');
    expect(formatStat(0.035773)).toBe('0.0358');
    expect(formatStat(-4.5512)).toBe('-4.55');
    expect(formatStat(1.51e-5)).toBe('1.51e-5');
  });
});
