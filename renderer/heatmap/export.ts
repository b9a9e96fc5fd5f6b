import type { FloorData } from '../../app/floor/types';
import type { Field } from '../../app/heatmap/field';
import { heatmapSvg } from '../../app/heatmap/svg';
import type { HeatmapFrame, HeatmapMetric } from '../../app/heatmap/types';
import type { ReadyFrame } from './frame-store';

/** PNGs are rasterised at twice the SVG's size, as the floor map's and the CLI's are. */
const PNG_SCALE = 2;

function download(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fileName(frame: HeatmapFrame, metric: HeatmapMetric, extension: 'svg' | 'png'): string {
  const when = frame.at ? frame.at.slice(0, 16).replace(/[:T]/g, '') : 'no-data';
  return `${frame.room.siteCode}-${frame.room.name}-heatmap-${metric}-${when}.${extension}`.replace(/[^A-Za-z0-9._-]+/g, '_');
}

function asField(ready: ReadyFrame): Field | null {
  const f = ready.field;
  return f ? { cols: f.cols, rows: f.rows, cellsPerTile: f.cellsPerTile, values: f.values, min: f.min, max: f.max } : null;
}

/** The heatmap at the slider's time as SVG, exactly what `floorwalk heatmap --out FILE.svg` writes. */
export function heatmapSvgFor(floor: FloorData, ready: ReadyFrame, metric: HeatmapMetric): string {
  return heatmapSvg(floor, { ...ready.frame, metric }, asField(ready));
}

export function exportHeatmapSvg(floor: FloorData, ready: ReadyFrame, metric: HeatmapMetric): void {
  download(fileName(ready.frame, metric, 'svg'), new Blob([heatmapSvgFor(floor, ready, metric)], { type: 'image/svg+xml' }));
}

/** The same picture rasterised by the browser: SVG → image → canvas → PNG. */
export async function exportHeatmapPng(floor: FloorData, ready: ReadyFrame, metric: HeatmapMetric): Promise<void> {
  const url = URL.createObjectURL(new Blob([heatmapSvgFor(floor, ready, metric)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.naturalWidth * PNG_SCALE);
    canvas.height = Math.round(image.naturalHeight * PNG_SCALE);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This display cannot draw on a canvas.');
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('The heatmap is too large to export as PNG here; export SVG instead.');
    download(fileName(ready.frame, metric, 'png'), blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}
