// Colours for the learning views, read from learn.css's custom properties so the light and
// dark schemes both apply. The series colours are Okabe and Ito's palette, which stays
// distinguishable with the common colour-vision deficiencies; lines also differ by dash and
// marker, so nothing depends on colour alone.
import { divergingLut } from '../../learn/diverging.ts';
import { type Rgb, chartColors } from '../kit/canvas.ts';

export interface LearnColors {
  series: string[];
  text: string;
  muted: string;
  grid: string;
  surface: string;
  ink: string;
  paper: string;
  /** The decision boundary's class colours, ring and hollow-point ring (the same in both schemes). */
  points: [string, string];
  pointRing: string;
  pointHollow: string;
}

const FALLBACK_SERIES = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00'];

export function learnColors(source: Element = document.documentElement): LearnColors {
  const style = getComputedStyle(source);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    series: FALLBACK_SERIES.map((c, i) => read(`--learn-series-${i + 1}`, c)),
    text: read('--text', '#1a1e25'),
    muted: read('--muted', '#5a6373'),
    grid: read('--border', '#e2e5eb'),
    surface: read('--surface', '#ffffff'),
    ink: read('--learn-ink', '#111111'),
    paper: read('--learn-paper', '#ffffff'),
    points: [read('--learn-point-0', '#0072b2'), read('--learn-point-1', '#d55e00')],
    pointRing: read('--learn-point-ring', '#ffffff'),
    pointHollow: read('--learn-point-hollow', '#111418'),
  };
}

/** The page's diverging scale (blue, surface, orange) as packed pixels. */
export function pageDivergingLut(): Uint32Array {
  const c = chartColors();
  return new Uint32Array(divergingLut(c.negative, c.zero, c.positive).buffer);
}

/** "#rrggbb" -> [r, g, b]; anything else gives mid grey (the custom properties are hex). */
export function hexToRgb(hex: string): Rgb {
  const m = hex.trim().match(/^#([0-9a-f]{6})$/i);
  const n = m ? parseInt(m[1]!, 16) : 0x808080;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** One packed RGBA pixel (in the platform's byte order, like the LUT) from "#rrggbb". */
export function packedColor(hex: string): number {
  return new Uint32Array(new Uint8ClampedArray([...hexToRgb(hex), 255]).buffer)[0]!;
}
