import type { Envelope } from './bands';
import type { Thresholds } from './thresholds';

/**
 * Colour scales as piecewise-linear stops in value units. Two stops at the same value make a step, so the
 * inlet scale changes hue exactly at the ASHRAE band edges (a technician reads "green = recommended")
 * while still shading within each band for the isolines to make sense. Scales are baked into a lookup
 * table once, so colouring a 150,000-cell field is one multiply and one array read per cell.
 */
export interface ColorStop {
  readonly at: number;
  readonly color: string;
}

export interface ColorScale {
  readonly lo: number;
  readonly hi: number;
  readonly stops: readonly ColorStop[];
  /** RGBA per LUT entry, LUT_SIZE × 4 bytes, lo..hi. */
  readonly lut: Uint8ClampedArray;
}

export const LUT_SIZE = 512;

function parseHex(color: string): [number, number, number] {
  const hex = color.replace('#', '');
  const n = Number.parseInt(hex.length === 3 ? hex.replace(/(.)/g, '$1$1') : hex, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((c) => Math.round(Math.max(0, Math.min(255, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** The colour at `value`: linear between the surrounding stops; at a step, the upper stop wins. */
export function colorAt(stops: readonly ColorStop[], value: number): string {
  const [r, g, b] = rgbAt(stops, value);
  return toHex(r, g, b);
}

export function rgbAt(stops: readonly ColorStop[], value: number): [number, number, number] {
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (!first || !last) return [0, 0, 0];
  if (value < first.at) return parseHex(first.color);
  if (value >= last.at) return parseHex(last.color);
  // The last stop whose position is ≤ value (so at a step the upper colour is taken).
  let i = 0;
  for (let k = 0; k < stops.length; k++) if ((stops[k] as ColorStop).at <= value) i = k;
  const a = stops[i] as ColorStop;
  const b = stops[i + 1] ?? a;
  const span = b.at - a.at;
  const t = span > 0 ? (value - a.at) / span : 0;
  const ca = parseHex(a.color);
  const cb = parseHex(b.color);
  return [ca[0] + (cb[0] - ca[0]) * t, ca[1] + (cb[1] - ca[1]) * t, ca[2] + (cb[2] - ca[2]) * t];
}

export function makeScale(stops: readonly ColorStop[], lo: number, hi: number): ColorScale {
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const value = lo + ((i + 0.5) / LUT_SIZE) * (hi - lo);
    const [r, g, b] = rgbAt(stops, value);
    lut[i * 4] = r;
    lut[i * 4 + 1] = g;
    lut[i * 4 + 2] = b;
    lut[i * 4 + 3] = 255;
  }
  return { lo, hi, stops, lut };
}

/** Margin drawn beyond the allowable range on either side, °C, so "how far out" still reads. */
const OUTSIDE_MARGIN_C = 5;

/**
 * The inlet field's scale for a room: violet below allowable, blues in the cool allowable band, greens in
 * the recommended band, amber to orange in the warm allowable band, red to purple above allowable.
 */
export function inletScale(e: Envelope): ColorScale {
  const lo = e.allowableMinC - OUTSIDE_MARGIN_C;
  const hi = e.allowableMaxC + OUTSIDE_MARGIN_C;
  return makeScale(
    [
      { at: lo, color: '#5f3dc4' },
      { at: e.allowableMinC, color: '#4c6ef5' },
      { at: e.allowableMinC, color: '#1864ab' },
      { at: e.recommendedMinC, color: '#74c0fc' },
      { at: e.recommendedMinC, color: '#2b8a3e' },
      { at: e.recommendedMaxC, color: '#a9e34b' },
      { at: e.recommendedMaxC, color: '#ffd43b' },
      { at: e.allowableMaxC, color: '#f76707' },
      { at: e.allowableMaxC, color: '#e03131' },
      { at: hi, color: '#862e9c' },
    ],
    lo,
    hi,
  );
}

/** Hottest GPU per rack: green while cool, amber from (slowdown − margin), red past max operating, purple at shutdown. */
export function gpuScale(t: Thresholds): ColorScale {
  const warn = t.gpuSlowdownC - t.gpuSlowdownMarginK;
  const lo = 30;
  const hi = Math.max(t.gpuShutdownC, warn + 1);
  return makeScale(
    [
      { at: lo, color: '#2b8a3e' },
      { at: Math.min(60, warn - 1), color: '#94d82d' },
      { at: warn, color: '#fab005' },
      { at: warn, color: '#f76707' },
      { at: t.gpuMaxOperatingC, color: '#e03131' },
      { at: t.gpuSlowdownC, color: '#c2255c' },
      { at: hi, color: '#862e9c' },
    ],
    lo,
    hi,
  );
}

/** Rack power, kW: dark blue to yellow (viridis-like), up to the largest of the room's values and budgets. */
export function powerScale(maxKw: number): ColorScale {
  const hi = Math.max(1, maxKw);
  return makeScale(
    [
      { at: 0, color: '#3b1c6e' },
      { at: hi * 0.25, color: '#3b528b' },
      { at: hi * 0.5, color: '#21918c' },
      { at: hi * 0.75, color: '#5ec962' },
      { at: hi, color: '#fde725' },
    ],
    0,
    hi,
  );
}

/** Rack ΔT (outlet − inlet), K: blue when small (bypass, idle), through green to red past ~20 K. */
export function deltaScale(maxK = 25): ColorScale {
  return makeScale(
    [
      { at: 0, color: '#1864ab' },
      { at: 5, color: '#4dabf7' },
      { at: 10, color: '#2f9e44' },
      { at: 15, color: '#fab005' },
      { at: 20, color: '#f76707' },
      { at: maxK, color: '#e03131' },
    ],
    0,
    maxK,
  );
}

/** The scale's colour for a value, as a hex string (what an SVG fill or a canvas fillStyle takes). */
export function scaleColor(scale: ColorScale, value: number): string {
  return colorAt(scale.stops, value);
}

/**
 * Paints a field into RGBA pixels (one per cell, row-major), transparent where the field is unknown.
 * `alpha` is the opacity of known cells (0..255), so the floor grid can still show through.
 */
export function paintField(values: Float32Array, scale: ColorScale, out: Uint8ClampedArray, alpha = 255): Uint8ClampedArray {
  const lut = scale.lut;
  const k = LUT_SIZE / (scale.hi - scale.lo);
  const lo = scale.lo;
  const top = LUT_SIZE - 1;
  for (let i = 0, p = 0; i < values.length; i++, p += 4) {
    const v = values[i] as number;
    if (v !== v) {
      out[p + 3] = 0;
      continue;
    }
    let j = ((v - lo) * k) | 0;
    if (j < 0) j = 0;
    else if (j > top) j = top;
    const q = j * 4;
    out[p] = lut[q] as number;
    out[p + 1] = lut[q + 1] as number;
    out[p + 2] = lut[q + 2] as number;
    out[p + 3] = alpha;
  }
  return out;
}
