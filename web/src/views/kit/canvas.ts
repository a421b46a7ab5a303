// Shared canvas plumbing: theme colours read from CSS custom properties, device-pixel
// sizing, and the sampling grid used when a tensor has more rows or columns than pixels.
import type { Rgb } from '../../learn/diverging.ts';

export type { Rgb };

export interface ChartColors {
  negative: Rgb;
  zero: Rgb;
  positive: Rgb;
  kept: Rgb;
  dropped: Rgb;
  bar: string;
  barAlt: string;
  axis: string;
}

let cached: ChartColors | null = null;
let colorSource: Element | null = null;

/**
 * Where the colour custom properties are read from: the document's root element on the page,
 * a <layerlab-playground> host element for the element (its styles live in a shadow root).
 * Every element shares the same stylesheet, so the first connected one offered is kept.
 */
export function offerChartColorSource(element: Element): void {
  if (element === colorSource || colorSource?.isConnected) return;
  colorSource = element;
  cached = null;
}

function parseRgb(text: string, fallback: Rgb): Rgb {
  const hex = text.trim().match(/^#([0-9a-f]{6})$/i);
  if (!hex) return fallback;
  const n = parseInt(hex[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Colours from the stylesheet (light or dark scheme); cached until the scheme changes. */
export function chartColors(): ChartColors {
  if (cached) return cached;
  const source = colorSource?.isConnected ? colorSource : document.documentElement;
  const style = getComputedStyle(source);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  cached = {
    negative: parseRgb(read('--chart-negative', '#2563eb'), [37, 99, 235]),
    zero: parseRgb(read('--chart-zero', '#f8fafc'), [248, 250, 252]),
    positive: parseRgb(read('--chart-positive', '#ea580c'), [234, 88, 12]),
    kept: parseRgb(read('--mask-kept', '#0f766e'), [15, 118, 110]),
    dropped: parseRgb(read('--mask-dropped', '#e2e8f0'), [226, 232, 240]),
    bar: read('--chart-bar', '#4f46e5'),
    barAlt: read('--chart-bar-alt', '#0f766e'),
    axis: read('--chart-axis', '#94a3b8'),
  };
  return cached;
}

/** Drops the cached colours (call when prefers-color-scheme changes). */
export function forgetChartColors(): void {
  cached = null;
}

/** Sizes a canvas's backing store to its CSS size times the device pixel ratio. */
export function fitCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): CanvasRenderingContext2D | null {
  const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const w = Math.round(cssWidth * ratio);
  const h = Math.round(cssHeight * ratio);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

export interface Raster {
  rows: number;
  cols: number;
  /** Source row/column step: 1 draws every value, 2 every second one, ... */
  rowStep: number;
  colStep: number;
}

/** Rows = batch, columns = everything after it; stepped down to at most maxRows × maxCols. */
export function rasterFor(shape: readonly number[], maxRows: number, maxCols: number): Raster & { srcRows: number; srcCols: number } {
  const srcRows = shape.length > 1 ? (shape[0] ?? 1) : 1;
  const srcCols = shape.length > 1 ? shape.slice(1).reduce((a, b) => a * b, 1) : (shape[0] ?? 1);
  const rowStep = Math.max(1, Math.ceil(srcRows / maxRows));
  const colStep = Math.max(1, Math.ceil(srcCols / maxCols));
  return { srcRows, srcCols, rowStep, colStep, rows: Math.ceil(srcRows / rowStep), cols: Math.ceil(srcCols / colStep) };
}

/** Reuses an ImageData of the right size for the canvas (one per canvas). */
export function imageFor(canvas: HTMLCanvasElement, cols: number, rows: number): { ctx: CanvasRenderingContext2D; image: ImageData } | null {
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const store = canvas as HTMLCanvasElement & { llImage?: ImageData };
  if (!store.llImage || store.llImage.width !== cols || store.llImage.height !== rows) store.llImage = ctx.createImageData(cols, rows);
  return { ctx, image: store.llImage };
}
