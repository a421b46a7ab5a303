// Small text helpers shared by validation, URL state, import and export.

/** 235146 -> "235,146". Written by hand so output never depends on the browser's locale. */
export function withThousands(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const negative = n < 0;
  const [whole = '0', fraction] = String(Math.abs(n)).split('.');
  // Exponent forms (1e+21) are left alone rather than mangled.
  if (/[^0-9]/.test(whole)) return String(n);
  let grouped = '';
  for (let i = 0; i < whole.length; i++) {
    if (i > 0 && (whole.length - i) % 3 === 0) grouped += ',';
    grouped += whole[i];
  }
  return (negative ? '-' : '') + grouped + (fraction === undefined ? '' : '.' + fraction);
}

const SNIPPET_MAX = 40;

/**
 * Learner or URL text echoed back inside a message. Cut short so a pasted megabyte cannot
 * flood the problem list, and stripped of control characters so a message stays one line.
 * Views must still render messages as text, never as HTML.
 */
export function snippet(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > SNIPPET_MAX ? clean.slice(0, SNIPPET_MAX - 1) + '…' : clean;
}

/** `snippet` in double quotes, for text that is not a number. */
export function quoted(text: string): string {
  return `"${snippet(text)}"`;
}
