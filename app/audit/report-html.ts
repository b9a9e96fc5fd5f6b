import type { Db } from '../db/open';
import { floorData } from '../floor/data';
import type { FloorRack } from '../floor/types';
import { buildFloorScene, type RackColouring } from '../render/floor-scene';
import { floorSvg } from '../render/floor-svg';
import { escapeXml } from '../render/svg-text';
import { auditRackProgress } from './progress';
import { AUDIT_STATUS_COLORS, AUDIT_STATUS_LABELS as STATUS_LABELS } from './status-colors';
import { describeLocation } from './store';
import type { Location, RackProgress, ReconItem, Reconciliation } from './types';

function auditColouring(progress: ReadonlyMap<number, RackProgress>): RackColouring {
  return {
    title: 'Audit progress',
    colour(rack: FloorRack) {
      const p = progress.get(rack.id);
      if (!p) return { fill: null, text: 'not in this audit' };
      return { fill: AUDIT_STATUS_COLORS[p.status], text: `${STATUS_LABELS[p.status]}: ${p.seen} of ${p.expected} seen`, bucket: p.status };
    },
    ramp: null,
    swatches: (Object.keys(AUDIT_STATUS_COLORS) as Array<RackProgress['status']>).map((s) => ({ bucket: s, label: STATUS_LABELS[s], color: AUDIT_STATUS_COLORS[s] })),
    emptyNote: 'No rack of this room is in the audit.',
  };
}

const esc = escapeXml;
const where = (l: Location | null): string => (l ? esc(describeLocation(l)) : '—');

function table(head: readonly string[], rows: readonly string[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function decisionCell(i: ReconItem): string {
  const state = i.applied ? 'applied' : i.decision === 'accept' ? 'accepted' : 'rejected';
  return `<span class="tag ${state}">${state}</span>${i.blocker ? ` <small>${esc(i.blocker)}</small>` : ''}`;
}

const STYLE = `
  body { font: 12px/1.45 "DejaVu Sans", system-ui, sans-serif; color: #111; margin: 24px; }
  h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 22px 0 6px; border-bottom: 1px solid #999; }
  .meta { color: #444; } .cards { display: flex; gap: 10px; margin: 14px 0; flex-wrap: wrap; }
  .card { border: 1px solid #999; border-radius: 4px; padding: 6px 12px; min-width: 90px; }
  .card b { display: block; font-size: 20px; } table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; } th { background: #eee; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; } .empty { color: #555; font-style: italic; }
  .tag { padding: 0 4px; border-radius: 3px; border: 1px solid #888; } .applied { background: #d8f0dc; } .rejected { color: #666; }
  .map svg { max-width: 100%; height: auto; } .map { page-break-inside: avoid; margin: 8px 0; }
  @media print { body { margin: 10mm; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
  @page { size: A4 landscape; margin: 10mm; }`;

/**
 * The audit report as one printable HTML file (no scripts, nothing loaded from anywhere): the summary, a
 * floor map per room coloured by audit status (the floor map's own SVG serializer), the per-rack table and
 * the reconciliation tables. Electron prints it to PDF; a browser prints it with Ctrl+P.
 */
export function reconciliationHtml(db: Db, recon: Reconciliation, generatedAt: string): string {
  const a = recon.audit;
  const racks = auditRackProgress(db, a.id);
  const byRack = new Map(racks.map((r) => [r.rackId, r]));
  const roomIds = [...new Set(racks.map((r) => r.roomId))];
  const maps = roomIds
    .map((roomId) => {
      try {
        const data = floorData(db, roomId);
        return `<div class="map">${floorSvg(buildFloorScene(data, { colorBy: 'audit', colouring: auditColouring(byRack) }))}</div>`;
      } catch {
        return `<p class="empty">Room ${roomId} is no longer in the inventory; see the rack table.</p>`;
      }
    })
    .join('');
  const d = recon.details;
  const cards = ([['expected', a.expected], ['matched', recon.matched], ['missing', recon.missing], ['misplaced', recon.misplaced], ['unknown', recon.unknown], ['duplicates', recon.duplicates]] as const)
    .map(([label, n]) => `<div class="card"><b>${n.toLocaleString('en-US')}</b>${label}</div>`)
    .join('');
  const state = a.appliedAt ? `applied ${esc(a.appliedAt)} (change set ${esc(a.changeSet ?? '')})` : a.finishedAt ? `finished ${esc(a.finishedAt)}, not applied` : 'in progress';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Audit ${esc(a.scopeLabel)} — ${esc(a.id)}</title><style>${STYLE}</style></head>
<body>
<h1>Inventory audit ${esc(a.scopeLabel)}</h1>
<div class="meta">Audit ${esc(a.id)} · technician ${esc(a.technician)} · started ${esc(a.startedAt)} · ${state}<br>
${a.racksDone} of ${a.racks} racks walked · ${a.includeAccelerators ? 'devices and accelerators' : 'devices only'} · report generated ${esc(generatedAt)}</div>
<div class="cards">${cards}</div>
<h2>Floor</h2>${maps}
<h2>Racks</h2>
${table(
  ['rack', 'expected', 'seen', 'not seen', 'misplaced here', 'unknown here', 'walked'],
  racks.map((r) => [esc(r.path), `${r.expected}`, `${r.seen}`, `${r.notSeen}`, `${r.misplacedHere}`, `${r.unknownHere}`, r.done ? `done ${esc(r.doneAt ?? '')}` : 'no']),
  'The audit has no racks.',
)}
<h2>Missing (${recon.missing})</h2>
${table(['code', 'item', 'expected at', 'decision'], d.missing.map((i) => [esc(i.code), esc(i.item?.label ?? ''), where(i.from), decisionCell(i)]), 'Nothing is missing.')}
<h2>Misplaced (${recon.misplaced})</h2>
${table(['code', 'item', 'expected at', 'found at', 'decision'], d.misplaced.map((i) => [esc(i.code), esc(i.item?.label ?? ''), where(i.from), where(i.to), decisionCell(i)]), 'Nothing is misplaced.')}
<h2>Unknown (${recon.unknown})</h2>
${table(['code', 'found at', 'decision'], d.unknown.map((i) => [esc(i.code), where(i.to), decisionCell(i)]), 'Every scanned code is in the inventory.')}
<h2>On RMA cases (${recon.rma})</h2>
${table(['code', 'case', 'what the case says'], d.rma.map((r) => [esc(r.code), `#${r.caseId} ${esc(r.caseStatus)}`, esc(r.note)]), 'No loose end is explained by an RMA case.')}
<h2>Duplicates (${recon.duplicates})</h2>
${table(['code', 'item', 'seen'], d.duplicates.map((dup) => [esc(dup.code), esc(dup.item?.label ?? 'unknown'), dup.seen.map((s) => `${esc(s.rack)} at ${esc(s.at)} by ${esc(s.by)}`).join('<br>')]), 'No code was scanned twice.')}
<h2>Matched (${recon.matched})</h2>
<p>${recon.matched.toLocaleString('en-US')} items were found where the inventory has them; the CSV report lists each.</p>
</body></html>
`;
}
