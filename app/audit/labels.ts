import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { resolveRack, resolveRoom } from '../inventory/resolve';
import { escapeXml } from '../render/svg-text';
import { qrSvg } from './qr-svg';
import type { LabelSheet } from './types';

export interface LabelScope {
  readonly room?: string;
  readonly racks?: readonly string[];
  /** Print device labels as well as rack labels (devices that have an asset tag). */
  readonly devices: boolean;
}

interface Label {
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly kind: 'rack' | 'device';
}

const LABELS_PER_PAGE = 24;
const QR_PX = 96;

function rackIds(db: Db, scope: LabelScope): { ids: number[]; title: string } {
  if (scope.room !== undefined) {
    const room = resolveRoom(db, scope.room);
    return { ids: db.prepare('SELECT id FROM racks WHERE room_id = ?').pluck().all(room.id) as number[], title: `${room.siteCode}/${room.name}` };
  }
  if (scope.racks && scope.racks.length > 0) {
    const racks = scope.racks.map((r) => resolveRack(db, r));
    return { ids: [...new Set(racks.map((r) => r.id))], title: racks.map((r) => r.name).join(', ') };
  }
  throw new FloorwalkError('invalid_input', 'Choose a room or racks to print labels for.', { field: 'room' });
}

/**
 * Printable label sheets: a QR code per rack (its asset tag, or SITE/ROOM/RACK when it has none, both of
 * which the scanner screen reads as a rack label) and per device with an asset tag, in walking order —
 * each rack's label, then its devices from the top U down — 24 labels to an A4 page.
 */
export function labelSheet(db: Db, scope: LabelScope): LabelSheet {
  const { ids, title } = rackIds(db, scope);
  const rackRow = db.prepare(
    `SELECT rk.id, rk.name, rk.asset_tag, s.code || '/' || rm.name || '/' || rk.name AS path, rr.name AS row
     FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id LEFT JOIN rack_rows rr ON rr.id = rk.row_id WHERE rk.id = ?`,
  );
  const deviceRows = db.prepare(
    `SELECT d.asset_tag, d.u_position, coalesce(d.hostname, d.serial, t.model) AS name, t.vendor || ' ' || t.model AS model
     FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.rack_id = ? AND d.asset_tag IS NOT NULL
     ORDER BY d.u_position IS NULL, d.u_position DESC, d.id`,
  );
  const racks = ids
    .map((id) => rackRow.get(id) as { id: number; name: string; asset_tag: string | null; path: string; row: string | null })
    .sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  const labels: Label[] = [];
  for (const rack of racks) {
    labels.push({ kind: 'rack', code: rack.asset_tag ?? rack.path, title: `RACK ${rack.name}`, detail: rack.asset_tag ? `${rack.path} · ${rack.asset_tag}` : rack.path });
    if (!scope.devices) continue;
    for (const d of deviceRows.all(rack.id) as Array<{ asset_tag: string; u_position: number | null; name: string; model: string }>) {
      labels.push({ kind: 'device', code: d.asset_tag, title: d.asset_tag, detail: `${d.name} · ${d.model} · ${rack.name}${d.u_position === null ? '' : ` U${d.u_position}`}` });
    }
  }
  if (labels.length === 0) throw new FloorwalkError('not_found', `${title} has no racks to label.`, { field: 'room' });

  const pages: string[] = [];
  for (let start = 0; start < labels.length; start += LABELS_PER_PAGE) {
    const cells = labels
      .slice(start, start + LABELS_PER_PAGE)
      .map(
        (l) =>
          `<div class="label ${l.kind}">${qrSvg(l.code, QR_PX).svg}<div class="text"><b>${escapeXml(l.title)}</b><span>${escapeXml(l.detail)}</span><code>${escapeXml(l.code)}</code></div></div>`,
      )
      .join('');
    pages.push(`<section class="page">${cells}</section>`);
  }
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Labels ${escapeXml(title)}</title><style>
  @page { size: A4 portrait; margin: 8mm; }
  body { margin: 0; font: 10px/1.3 "DejaVu Sans", system-ui, sans-serif; color: #000; background: #fff; }
  .page { display: grid; grid-template-columns: repeat(3, 1fr); grid-auto-rows: 34mm; gap: 2mm; page-break-after: always; padding: 4mm; }
  .label { display: flex; align-items: center; gap: 2mm; border: 0.2mm dashed #999; padding: 1.5mm; overflow: hidden; }
  .label svg { flex: none; width: 28mm; height: 28mm; } .label.rack { border: 0.5mm solid #000; }
  .text { display: flex; flex-direction: column; min-width: 0; } .text b { font-size: 13px; } .text span { color: #333; word-break: break-word; }
  .text code { font: 11px monospace; margin-top: 1mm; }
</style></head><body>${pages.join('')}</body></html>
`;
  const safe = title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
  return { filename: `labels-${safe}.html`, html, labels: labels.length };
}
