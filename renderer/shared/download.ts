/** PNG exports are rasterised at twice the SVG's size so that text stays sharp when printed or zoomed. */
const PNG_SCALE = 2;
/** Long enough for the browser (or Electron's save dialog) to start reading the object URL. */
const REVOKE_AFTER_MS = 10_000;

/** Saves a blob as a file through the browser's download (Electron shows its save dialog). No network. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** Rasterises an SVG document with the browser itself: SVG → image → canvas → PNG blob. */
export async function svgToPngBlob(svg: string, what: string): Promise<Blob> {
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
    if (!blob) throw new Error(`The ${what} is too large to export as PNG here; export SVG instead.`);
    return blob;
  } finally {
    URL.revokeObjectURL(url);
  }
}
