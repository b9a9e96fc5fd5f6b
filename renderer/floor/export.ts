import { floorSvg } from '../../app/render/floor-svg';
import type { FloorScene } from '../../app/render/floor-scene';
import { downloadBlob, svgToPngBlob } from '../shared/download';

export function exportFileName(scene: FloorScene, extension: 'svg' | 'png'): string {
  const safe = scene.title.replace(/\s*\/\s*/g, '-').replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${safe}-floor-${scene.colorBy}.${extension}`;
}

/** The whole room as SVG, exactly as `floorwalk render floor` writes it. */
export function exportSvg(scene: FloorScene, selected: ReadonlySet<number>): void {
  downloadBlob(exportFileName(scene, 'svg'), new Blob([floorSvg(scene, { selectedIds: selected })], { type: 'image/svg+xml' }));
}

/** The same map rasterised by the browser: SVG → image → canvas → canvas.toBlob. */
export async function exportPng(scene: FloorScene, selected: ReadonlySet<number>): Promise<void> {
  downloadBlob(exportFileName(scene, 'png'), await svgToPngBlob(floorSvg(scene, { selectedIds: selected }), 'map'));
}
