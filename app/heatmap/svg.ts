import type { FloorData } from '../floor/types';
import { buildFloorScene } from '../render/floor-scene';
import { floorSvg } from '../render/floor-svg';
import { attrs, num } from '../render/svg-text';
import { scaleColor, type ColorScale } from './color';
import { heatmapColouring, metricScale } from './colouring';
import { fieldContours, fieldIsolines, isolineLevels, isolineStep } from './contours';
import type { Field } from './field';
import type { HeatmapFrame } from './types';

/**
 * The heatmap as an SVG document: the floor developer's map (app/render/floor-svg.ts) with the racks in
 * the metric's colours, and under them the inlet field as filled isobands (vector: crisp at any size,
 * and rendered the same by browsers and by resvg for the PNG) with labelled isolines on top.
 */

/** Filled bands per this many isoline steps: 4 gives a smooth-looking field at a quarter of the line spacing. */
const BANDS_PER_STEP = 4;
const FIELD_OPACITY = 0.85;

/** The field as SVG markup in map pixels (tilePx per tile): stacked filled bands, then isolines. */
export function fieldUnderlay(field: Field, scale: ColorScale, tilePx: number): string {
  if (!Number.isFinite(field.min) || !Number.isFinite(field.max)) return '';
  const step = isolineStep(field.max - field.min);
  const fine = step / BANDS_PER_STEP;
  const first = Math.floor(field.min / fine) * fine;
  // The lowest band is everything known (≥ min); each next band covers the region ≥ its level.
  const bandLevels: number[] = [];
  for (let v = first; v <= field.max; v += fine) bandLevels.push(Math.round(v * 1000) / 1000);
  if (bandLevels.length === 0 || (bandLevels[0] as number) > field.min) bandLevels.unshift(field.min);
  const bands = fieldContours(field, bandLevels);
  const lines = fieldIsolines(field, isolineLevels(field.min, field.max, step));
  const parts: string[] = [`<g class="fw-heatmap-field"${attrs({ transform: `scale(${num(tilePx)})`, opacity: FIELD_OPACITY })}>`];
  for (let i = 0; i < bands.length; i++) {
    const band = bands[i];
    if (!band || band.path === '') continue;
    const mid = Math.min(field.max, band.value + fine / 2);
    parts.push(`<path${attrs({ d: band.path, fill: scaleColor(scale, mid), 'data-level': band.value })}/>`);
  }
  parts.push('</g>');
  parts.push(`<g class="fw-heatmap-isolines"${attrs({ transform: `scale(${num(tilePx)})`, fill: 'none', stroke: '#0b0e12', 'stroke-opacity': 0.55, 'stroke-width': 1.1 / tilePx })}>`);
  for (const line of lines) {
    if (line.path !== '') parts.push(`<path${attrs({ d: line.path, 'data-level': line.value })}><title>${line.value} °C</title></path>`);
  }
  parts.push('</g>');
  return parts.join('');
}

export interface HeatmapSvgOptions {
  readonly tilePx?: number;
  readonly generatedAt?: string;
}

/** The whole heatmap document for a frame: floor, field (always the inlet field), racks coloured by the frame's metric. */
export function heatmapSvg(floor: FloorData, frame: HeatmapFrame, field: Field | null, options: HeatmapSvgOptions = {}): string {
  const colouring = heatmapColouring(frame.metric, frame.room, frame.racks, frame.thresholds);
  const scene = buildFloorScene(floor, { colorBy: frame.metric === 'gpu' ? 'gpu-temp' : 'inlet', colouring });
  const fieldScale = metricScale('inlet', frame.thresholds);
  const when = frame.at ? ` · at ${frame.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}` : ' · no telemetry';
  return floorSvg(
    { ...scene, title: `${scene.title} heatmap${when}` },
    {
      ...(options.tilePx !== undefined ? { tilePx: options.tilePx } : {}),
      ...(options.generatedAt !== undefined ? { generatedAt: options.generatedAt } : {}),
      ...(field ? { underlay: (p: number) => fieldUnderlay(field, fieldScale, p) } : {}),
    },
  );
}
