import { floorSvg } from '../../app/render/floor-svg';
import type { FloorScene } from '../../app/render/floor-scene';

/** PNG exports are drawn at twice the SVG's size so that text stays sharp when printed or zoomed. */
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

export function exportFileName(scene: FloorScene, extension: 'svg' | 'png'): string {
  const safe = scene.title.replace(/\s*\/\s*/g, '-').replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${safe}-floor-${scene.colorBy}.${extension}`;
}

/** The whole room as SVG, exactly as `floorwalk render floor` writes it. */
export function exportSvg(scene: FloorScene, selected: ReadonlySet<number>): void {
  download(exportFileName(scene, 'svg'), new Blob([floorSvg(scene, { selectedIds: selected })], { type: 'image/svg+xml' }));
}

/** The same map rasterised by the browser: SVG → image → canvas → canvas.toBlob. */
export async function exportPng(scene: FloorScene, selected: ReadonlySet<number>): Promise<void> {
  const svg = floorSvg(scene, { selectedIds: selected });
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
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
    if (!blob) throw new Error('The map is too large to export as PNG here; export SVG instead.');
    download(exportFileName(scene, 'png'), blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}
