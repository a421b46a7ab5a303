// Reads a learner's typed prediction: a whole number ("1,290", "1 290"), a shape ("(32, 256)",
// "32x256", "[32, 256]"), a size in bytes ("919 KB", "0.92 MB", "940,584 bytes", "918.5 KiB") or
// a fraction ("0.8", "80%", "4/5"). Pure; unreadable text gets a message saying what was expected.

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

/** Longer answers are refused unread (a shape or a size fits in a few dozen characters). */
export const MAX_ANSWER_CHARS = 200;

const DIGITS = /^[-+]?(?:\d{1,3}(?:[, _\u00a0\u202f]\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?$/i;

function tooLong(text: string): Read<never> | null {
  return text.length > MAX_ANSWER_CHARS ? { ok: false, message: `The answer is ${text.length} characters; at most ${MAX_ANSWER_CHARS} are read.` } : null;
}

/** A plain number with optional thousands separators (comma, space, underscore). */
export function readNumber(text: string): Read<number> {
  const t = text.trim();
  if (!DIGITS.test(t)) return { ok: false, message: `Expected a number such as 1290 or 1,290; got "${t.slice(0, 40)}".` };
  return { ok: true, value: Number(t.replace(/[, _\u00a0\u202f]/g, '')) };
}

export function readInteger(text: string): Read<number> {
  const long = tooLong(text);
  if (long) return long;
  const r = readNumber(text);
  if (!r.ok) return { ok: false, message: r.message.replace('a number', 'a whole number') };
  if (!Number.isSafeInteger(r.value) || r.value < 0) return { ok: false, message: `Expected a whole number of 0 or more; got ${text.trim()}.` };
  return r;
}

/** "(32, 256)", "[32, 256]", "32x256", "32 × 256", "(10,)". */
export function readShape(text: string): Read<number[]> {
  const long = tooLong(text);
  if (long) return long;
  const inner = text.trim().replace(/^[([]\s*/, '').replace(/\s*[)\]]$/, '');
  const parts = inner.split(/\s*(?:,|x|×|\*)\s*/i).filter((p, i, all) => p !== '' || i < all.length - 1);
  const dims = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  if (dims.length === 0 || dims.some((d) => !Number.isSafeInteger(d))) {
    return { ok: false, message: `Expected a shape such as (32, 256) or 32x256; got "${text.trim().slice(0, 40)}".` };
  }
  return { ok: true, value: dims };
}

const UNITS: { readonly [unit: string]: readonly number[] } = {
  '': [1],
  b: [1],
  byte: [1],
  bytes: [1],
  // KB and MB are read both ways (1000 and 1024): people and tools use both.
  kb: [1e3, 1024],
  kib: [1024],
  mb: [1e6, 1024 ** 2],
  mib: [1024 ** 2],
  gb: [1e9, 1024 ** 3],
  gib: [1024 ** 3],
};

/** Every reading of a size in bytes (several when KB/MB could mean 1000 or 1024). */
export function readBytes(text: string): Read<number[]> {
  const long = tooLong(text);
  if (long) return long;
  const m = /^(.*?)\s*([a-z]*)\s*$/i.exec(text.trim());
  const unit = (m?.[2] ?? '').toLowerCase();
  const factors = UNITS[unit];
  const n = readNumber(m?.[1] ?? '');
  if (!factors || !n.ok) return { ok: false, message: `Expected a size such as 919 KB, 0.92 MB or 940,584 bytes (units B, bytes, KB, KiB, MB, MiB); got "${text.trim().slice(0, 40)}".` };
  return { ok: true, value: factors.map((f) => n.value * f) };
}

/** "0.8", ".8", "80%", "80 %", "4/5". */
export function readFraction(text: string): Read<number> {
  const long = tooLong(text);
  if (long) return long;
  const t = text.trim();
  const ratio = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (ratio && Number(ratio[2]) !== 0) return { ok: true, value: Number(ratio[1]) / Number(ratio[2]) };
  const percent = /^(.*?)\s*%$/.exec(t);
  const n = readNumber((percent ? percent[1]! : t).replace(/^\./, '0.'));
  if (!n.ok) return { ok: false, message: `Expected a number such as 0.8, 80% or 4/5; got "${t.slice(0, 40)}".` };
  return { ok: true, value: percent ? n.value / 100 : n.value };
}
