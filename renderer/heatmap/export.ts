import type { FloorData } from '../../app/floor/types';
import type { Field } from '../../app/heatmap/field';
import { heatmapSvg } from '../../app/heatmap/svg';
import type { HeatmapFrame, HeatmapMetric } from '../../app/heatmap/types';
import type { ReadyFrame } from './frame-store';
import { downloadBlob, svgToPngBlob } from '../shared/download';

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
  downloadBlob(fileName(ready.frame, metric, 'svg'), new Blob([heatmapSvgFor(floor, ready, metric)], { type: 'image/svg+xml' }));
}

/** The same picture rasterised by the browser: SVG → image → canvas → PNG. */
export async function exportHeatmapPng(floor: FloorData, ready: ReadyFrame, metric: HeatmapMetric): Promise<void> {
  downloadBlob(fileName(ready.frame, metric, 'png'), await svgToPngBlob(heatmapSvgFor(floor, ready, metric), 'heatmap'));
}
