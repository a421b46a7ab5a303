// "Weights as pictures": a first Linear's W is (in, out); column j holds what output unit j
// multiplies each input pixel by, so drawn as an image of the input's shape it shows the
// pattern the unit responds to. All columns go into one pixel atlas (one putImageData per
// redraw), tiles in rows, one background pixel between them.
import { HALF, indexScaled } from './diverging.ts';

export interface AtlasLayout {
  units: number;
  tileHeight: number;
  tileWidth: number;
  cols: number;
  rows: number;
  gap: number;
  /** Atlas size in pixels. */
  width: number;
  height: number;
}

/** A near-square grid of `units` tiles of (tileHeight, tileWidth), `gap` pixels apart (and around). */
export function atlasLayout(units: number, tileHeight: number, tileWidth: number, gap = 1, maxCols = Infinity): AtlasLayout {
  if (!Number.isInteger(units) || units < 0) throw new RangeError(`weights: ${units} output units is not a count`);
  const cols = Math.max(1, Math.min(maxCols, Math.ceil(Math.sqrt(units))));
  const rows = Math.max(1, Math.ceil(units / cols));
  return {
    units,
    tileHeight,
    tileWidth,
    cols,
    rows,
    gap,
    width: cols * (tileWidth + gap) + gap,
    height: rows * (tileHeight + gap) + gap,
  };
}

/** Pixels between tiles: two for small tiles (8×8 digits), so scaled up they read as separate pictures, not one texture. */
export function tileGap([h]: readonly [number, number]): number {
  return h <= 12 ? 2 : 1;
}

/** Checks that W (in, out) can be drawn as tiles of imageShape; returns the layout. */
export function weightAtlasLayout(inFeatures: number, outFeatures: number, imageShape: readonly [number, number], gap = tileGap(imageShape)): AtlasLayout {
  const [h, w] = imageShape;
  if (h * w !== inFeatures) throw new RangeError(`weights: a Linear with ${inFeatures} inputs cannot be drawn as ${h}×${w} images (${h * w} pixels)`);
  return atlasLayout(outFeatures, h, w, gap);
}

/** Each unit's largest |w| (its column's): the per-unit colour scale. */
export function unitMaxAbs(w: Float32Array, units: number): Float32Array {
  const out = new Float32Array(units);
  for (let i = 0; i < w.length; i++) {
    const j = i % units;
    const a = Math.abs(w[i]!);
    if (a > out[j]!) out[j] = a;
  }
  return out;
}

/**
 * Paints W (in, out), row-major, into `out` (layout.width × layout.height packed pixels):
 * unit j's column as tile j, each value through `lut` on the symmetric range ±maxAbs (one
 * range for all, so tiles compare with each other), or ±maxAbs[j] per unit (each tile's own
 * pattern at full contrast, as the course's pictures of W's columns show them).
 */
export function paintWeightAtlas(
  w: Float32Array,
  layout: AtlasLayout,
  maxAbs: number | Float32Array,
  lut: Uint32Array,
  background: number,
  out: Uint32Array,
): void {
  const { units, tileHeight: th, tileWidth: tw, cols, gap, width } = layout;
  const inFeatures = th * tw;
  if (w.length !== inFeatures * units) throw new RangeError(`weights: ${w.length} values do not fill (${inFeatures}, ${units})`);
  if (out.length !== width * layout.height) throw new RangeError('weights: the pixel buffer does not match the layout');
  out.fill(background);
  for (let j = 0; j < units; j++) {
    const m = typeof maxAbs === 'number' ? maxAbs : (maxAbs[j] ?? 0);
    const k = m > 0 ? HALF / m : 0;
    const x0 = gap + (j % cols) * (tw + gap);
    const y0 = gap + Math.floor(j / cols) * (th + gap);
    for (let r = 0; r < th; r++) {
      let p = (y0 + r) * width + x0;
      let i = r * tw * units + j; // W[r * tw + c, j]
      for (let c = 0; c < tw; c++) {
        out[p++] = lut[indexScaled(w[i]!, k)]!;
        i += units;
      }
    }
  }
}

/** What sits under atlas pixel (x, y): the unit, the input pixel (row, col) and W's flat index; null on a gap. */
export function atlasHit(layout: AtlasLayout, x: number, y: number): { unit: number; row: number; col: number; index: number } | null {
  const { tileHeight: th, tileWidth: tw, cols, gap, units } = layout;
  const px = Math.floor(x) - gap;
  const py = Math.floor(y) - gap;
  if (px < 0 || py < 0) return null;
  const tileCol = Math.floor(px / (tw + gap));
  const tileRow = Math.floor(py / (th + gap));
  const col = px - tileCol * (tw + gap);
  const row = py - tileRow * (th + gap);
  if (col >= tw || row >= th || tileCol >= cols) return null;
  const unit = tileRow * cols + tileCol;
  if (unit >= units) return null;
  return { unit, row, col, index: (row * tw + col) * units + unit };
}
