import { describe, expect, it } from 'vitest';
import { heightMessage, isHeightMessage } from '../../../web/src/share/height-message.ts';
import { embedFrame, embedSnippet, embedTitle, embedUrl, escapeAttribute, resizeScript, suggestedHeight } from '../../../web/src/share/embed-snippet.ts';
import { type NetworkModel, modelFromSpecs } from '../../../web/src/model/network/network.ts';
import { decodeUrlState } from '../../../web/src/model/link/url-state.ts';

const mlp = (): NetworkModel => decodeUrlState('#in=32x784&net=linear(256),relu,dropout(0.5),linear(10)').model;

/** Every attribute double-quoted, no raw quote or angle bracket inside a value. */
const WELL_FORMED = /^<iframe( [a-z]+="[^"<>]*")+><\/iframe>$/;

function attributes(snippet: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of snippet.matchAll(/ ([a-z]+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

describe('escapeAttribute', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeAttribute(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
    expect(escapeAttribute('&amp;')).toBe('&amp;amp;');
  });
});

describe('embedSnippet', () => {
  it('writes the iframe for the current network, then the lines that resize it', () => {
    const page = 'https://example.org/courses/layers/';
    const snippet = embedSnippet(page, mlp(), { locked: false, hidden: [], height: 900 });
    const frame =
      '<iframe src="https://example.org/courses/layers/?embed=1#in=32x784&amp;net=linear(256),relu,dropout(0.5),linear(10)" ' +
      'width="100%" height="900" loading="lazy" ' +
      'title="layerlab: Linear(784, 256) → ReLU → Dropout(0.5) → Linear(256, 10) on a 32x784 input" style="border:0"></iframe>';
    expect(embedFrame(page, mlp(), { locked: false, hidden: [], height: 900 })).toBe(frame);
    expect(snippet).toBe(`${frame}\n${resizeScript(page)}`);
  });

  it('the resize lines heed only height messages from layerlab’s origin, for the frame that sent them', () => {
    const script = resizeScript('https://example.org/courses/layers/?x=1#y');
    expect(script.startsWith('<script>\n') && script.endsWith('\n</script>')).toBe(true);
    expect(script).toContain('e.origin !== "https://example.org"');
    expect(script).toContain('e.data.type !== "layerlab:height"');
    expect(script).toContain('frame.contentWindow === e.source');
    // Run the listener's body against a fake frame: only the right message resizes it.
    const body = script.replace(/^<script>\n/, '').replace(/\n<\/script>$/, '');
    const source = {};
    const frame = { contentWindow: source, height: '900' };
    let listener: ((e: { origin: string; data: unknown; source: unknown }) => void) | null = null;
    new Function('addEventListener', 'document', body)(
      (_type: string, f: typeof listener) => (listener = f),
      { getElementsByTagName: () => [frame] },
    );
    listener!({ origin: 'https://evil.example', data: heightMessage(10), source });
    listener!({ origin: 'https://example.org', data: { type: 'other', height: 10 }, source });
    listener!({ origin: 'https://example.org', data: heightMessage(1234.2), source: {} });
    expect(frame.height).toBe('900');
    listener!({ origin: 'https://example.org', data: heightMessage(1234.2), source });
    expect(frame.height).toBe('1235');
  });

  it('adds lock and hidden panels, in a fixed order', () => {
    const snippet = embedSnippet('https://example.org/', mlp(), { locked: true, hidden: ['input', 'masks'], height: 500 });
    expect(attributes(snippet).src).toBe('https://example.org/?embed=1&amp;lock=1&amp;hide=masks,input#in=32x784&amp;net=linear(256),relu,dropout(0.5),linear(10)');
  });

  it('escapes whatever the page URL holds', () => {
    const page = `https://example.org/a"b'c<d>e&f/index.html?old=1#old`;
    const snippet = embedFrame(page, mlp(), { locked: false, hidden: [] });
    expect(snippet).toMatch(WELL_FORMED);
    expect(snippet.match(/<iframe/g)).toHaveLength(1);
    const src = attributes(snippet).src!;
    expect(src.startsWith('https://example.org/a&quot;b&#39;c&lt;d&gt;e&amp;f/index.html?embed=1#in=')).toBe(true);
    expect(src).not.toContain('old');
  });

  it('links to a URL whose hash decodes to the same network', () => {
    const url = embedUrl('http://localhost/', mlp(), { locked: false, hidden: [] });
    const decoded = decodeUrlState(url.slice(url.indexOf('#')));
    expect(decoded.problems).toEqual([]);
    expect(decoded.model.blocks.map((b) => b.kind)).toEqual(['linear', 'relu', 'dropout', 'linear']);
  });
});

describe('height messages', () => {
  it('are whole px, and only well-formed ones are recognised', () => {
    expect(heightMessage(766.1)).toEqual({ type: 'layerlab:height', height: 767 });
    expect(isHeightMessage(heightMessage(93))).toBe(true);
    for (const bad of [null, 'layerlab:height', { type: 'layerlab:height' }, { type: 'layerlab:height', height: NaN }, { type: 'x', height: 5 }]) {
      expect(isHeightMessage(bad)).toBe(false);
    }
  });
});

describe('embedTitle', () => {
  it('names the layers and the input', () => {
    expect(embedTitle(modelFromSpecs([]))).toBe('layerlab: an empty network on a 32x784 input');
    const long = decodeUrlState('#in=8x3x4&net=flatten,linear(5),relu,linear(5),relu,linear(5),relu,linear(2)').model;
    expect(embedTitle(long)).toBe('layerlab: Flatten → Linear(12, 5) → ReLU → Linear(5, 5) → ReLU → … (8 layers) on a 8x3x4 input');
  });
});

describe('suggestedHeight', () => {
  it('shrinks as panels are hidden and grows with blocks, within bounds', () => {
    const m = mlp();
    const full = suggestedHeight(m, { locked: false, hidden: [] });
    const noCode = suggestedHeight(m, { locked: false, hidden: ['code'] });
    const minimal = suggestedHeight(m, { locked: true, hidden: ['code', 'input', 'totals', 'heatmaps', 'histograms', 'masks'] });
    expect(full).toBeGreaterThan(noCode);
    expect(noCode).toBeGreaterThan(minimal);
    expect(minimal).toBeGreaterThanOrEqual(320);
    const big = decodeUrlState('#in=1x4&net=' + Array(64).fill('linear(4)').join(',')).model;
    expect(suggestedHeight(big, { locked: false, hidden: [] })).toBe(6000);
    expect(full % 10).toBe(0);
  });
});
