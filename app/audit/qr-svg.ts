import qrcode from 'qrcode-generator';

/**
 * A QR code as an SVG path, encoded here on the machine (qrcode-generator, pure JavaScript, no network).
 * Error correction level M: a label that is a little scuffed still scans. The quiet zone (4 modules, as
 * the standard asks) is part of the returned size.
 */
export const QR_QUIET_MODULES = 4;

/**
 * Byte mode should carry UTF-8 so any label scans back as the same text; the library turns each character
 * into its low byte, so it is handed one character per UTF-8 byte.
 */
function utf8Binary(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) out += String.fromCharCode(byte);
  return out;
}

export interface QrSvg {
  readonly svg: string;
  readonly modules: number;
}

export function qrSvg(text: string, sizePx: number): QrSvg {
  const qr = qrcode(0, 'M');
  qr.addData(utf8Binary(text), 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const total = count + QR_QUIET_MODULES * 2;
  let path = '';
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!qr.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && qr.isDark(row, col)) col++;
      path += `M${start + QR_QUIET_MODULES} ${row + QR_QUIET_MODULES}h${col - start}v1h-${col - start}z`;
    }
  }
  return {
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${sizePx}" height="${sizePx}" viewBox="0 0 ${total} ${total}" shape-rendering="crispEdges"><rect width="${total}" height="${total}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`,
    modules: count,
  };
}
