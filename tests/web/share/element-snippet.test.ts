import { describe, expect, it } from 'vitest';
import { modelFromAttributes } from '../../../web/src/share/element-attributes.ts';
import { attributesFromModel, corsNotice, elementSnippet } from '../../../web/src/share/element-snippet.ts';
import { stripIds } from '../../../web/src/model/network/network.ts';
import { decodeUrlState } from '../../../web/src/model/link/url-state.ts';

const mlp = () => decodeUrlState('#in=32x784&net=linear(256),relu,dropout(0.5),linear(10)&seed=7').model;

describe('elementSnippet', () => {
  it('loads the module beside the page and holds the CORS notice inside the element', () => {
    const snippet = elementSnippet('https://example.org/courses/layers/?x#y', mlp(), { locked: true, hidden: ['code'] });
    const lines = snippet.split('\n');
    expect(lines[0]).toBe('<script type="module" src="https://example.org/courses/layers/element/layerlab-playground.js"></script>');
    expect(lines[1]).toMatch(/^<layerlab-playground input="32x784" net="linear\(256\),relu,dropout\(0\.5\),linear\(10\)"( [a-z]+="[^"]*")* locked hide="code">$/);
    expect(lines[2]).toContain('Access-Control-Allow-Origin');
    expect(lines[2]).toContain('https://example.org');
    expect(lines[3]).toBe('</layerlab-playground>');
  });

  it('its attributes read back as the same network', () => {
    const attrs = new Map(attributesFromModel(mlp()));
    const back = modelFromAttributes((name) => attrs.get(name) ?? null);
    expect(back.problems).toEqual([]);
    expect(stripIds(back.model)).toEqual(stripIds(mlp()));
  });
});

it('the notice names the origin and the header', () => {
  expect(corsNotice('https://layers.example')).toMatch(/https:\/\/layers\.example.*Access-Control-Allow-Origin/);
});
