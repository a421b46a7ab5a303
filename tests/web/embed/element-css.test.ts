import { describe, expect, it } from 'vitest';
import { adaptForShadowRoot } from '../../../web/src/embed/element-css.ts';

describe('adaptForShadowRoot', () => {
  it('moves custom properties to :host and width media queries to container queries', () => {
    const css = ':root { --bg: #fff; }\n@media (prefers-color-scheme: dark) { :root { --bg: #000; } }\n@media (max-width: 520px) { .a { b: c } }\n@media (min-width:900px) { .x {} }';
    expect(adaptForShadowRoot(css)).toBe(
      ':host { --bg: #fff; }\n@media (prefers-color-scheme: dark) { :host { --bg: #000; } }\n@container layerlab (max-width: 520px) { .a { b: c } }\n@container layerlab (min-width:900px) { .x {} }',
    );
  });
});
