// C's printf "%.<precision>g", exactly as the WASM module's printf spells a double, so names and
// messages built in TypeScript match the C++ ones character for character ("Dropout(p=0.5)",
// "1e+20", "-0", "inf"). JavaScript's toExponential rounds the exact binary value like printf
// does, except that an exact tie goes up where printf rounds half to even; that case is fixed
// with an exact BigInt comparison, only taken when the next digit is a 5.

export function formatG(x: number, precision = 6): string {
  const p = Math.max(precision, 1);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  if (a === 0) return `${sign}0`;
  const { digits, exponent } = roundedDigits(a, p);
  if (exponent < -4 || exponent >= p) {
    const fraction = digits.slice(1).replace(/0+$/, '');
    const e = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
    return `${sign}${digits[0]}${fraction ? `.${fraction}` : ''}e${e}`;
  }
  // Fixed notation with the same significant digits: exponent + 1 of them before the point.
  const whole = exponent >= 0 ? digits.slice(0, exponent + 1) : '0';
  const fraction = (exponent >= 0 ? digits.slice(exponent + 1) : '0'.repeat(-exponent - 1) + digits).replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** `a` (> 0, finite) rounded half to even to `p` significant digits, and its decimal exponent. */
function roundedDigits(a: number, p: number): { digits: string; exponent: number } {
  let { digits, exponent } = splitExponential(a.toExponential(p - 1));
  const longer = splitExponential(a.toExponential(p));
  const last = Number(digits[p - 1]);
  if (longer.digits.endsWith('5') && last % 2 === 1 && isExactly(a, longer.digits, longer.exponent)) {
    // An exact tie that JavaScript rounded up to an odd last digit: printf keeps the even one below.
    digits = (BigInt(digits) - 1n).toString();
  }
  return { digits, exponent };
}

function splitExponential(text: string): { digits: string; exponent: number } {
  const [mantissa, exponent] = text.split('e') as [string, string];
  return { digits: mantissa.replace('.', ''), exponent: Number(exponent) };
}

/** Whether a equals the decimal 0.d1d2d3... × 10^(exponent + 1) exactly. */
function isExactly(a: number, digits: string, exponent: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  // a = mantissa × 2^power exactly.
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const power = biased === 0 ? -1074 : biased - 1075;
  const tens = exponent - (digits.length - 1);
  let left = mantissa;
  let right = BigInt(digits);
  if (power >= 0) left <<= BigInt(power);
  else right <<= BigInt(-power);
  if (tens >= 0) right *= 10n ** BigInt(tens);
  else left *= 10n ** BigInt(-tens);
  return left === right;
}
