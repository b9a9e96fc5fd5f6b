import fs from 'node:fs';
import path from 'node:path';
import type { auditRequests } from '../requests/audit';
import type { HandlersFor } from './context';
import { FloorwalkError } from '../../core/errors';
import { applyAudit } from '../../audit/apply';
import { exportAudit, importAudit } from '../../audit/bundle';
import { decide, decideMany } from '../../audit/decide';
import { labelSheet } from '../../audit/labels';
import { auditDetail, listAudits } from '../../audit/list';
import { auditRackProgress, setRackDone } from '../../audit/progress';
import { finishAudit, reconcile } from '../../audit/reconcile';
import { reconciliationCsv } from '../../audit/report-csv';
import { reconciliationHtml } from '../../audit/report-html';
import { scanCode } from '../../audit/scan';
import { startAudit } from '../../audit/start';
import { getAudit } from '../../audit/store';

/** Audit bundles are JSON of a few MB for a hall; far beyond this is not an audit file. */
const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

function readBundle(file: string): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new FloorwalkError('not_found', `No file at ${file}.`, { field: 'file' });
  }
  if (size > MAX_BUNDLE_BYTES) throw new FloorwalkError('invalid_input', `${file} is too large to be an audit file.`, { field: 'file' });
  return fs.readFileSync(file, 'utf8');
}

const technician = (db: Parameters<typeof getAudit>[0], audit: string, by: string | undefined): string => by ?? getAudit(db, audit).technician;

export const auditHandlers: HandlersFor<keyof typeof auditRequests> = {
  'audit.start': (ctx, input) => startAudit(ctx.db, input),
  'audit.list': (ctx, input) => listAudits(ctx.db, input),
  'audit.detail': (ctx, input) => auditDetail(ctx.db, input.audit),
  'audit.scan': (ctx, input) => {
    const { audit, by, ...scan } = input;
    return scanCode(ctx.db, audit, scan, technician(ctx.db, audit, by));
  },
  'audit.rackDone': (ctx, input) => setRackDone(ctx.db, input.audit, input.rack, input.done, technician(ctx.db, input.audit, input.by)),
  'audit.progress': (ctx, input) => auditRackProgress(ctx.db, input.audit, input.roomId),
  'audit.reconciliation': (ctx, input) => reconcile(ctx.db, input.audit),
  'audit.finish': (ctx, input) => finishAudit(ctx.db, input.audit, technician(ctx.db, input.audit, input.by)),
  'audit.decide': (ctx, input) => {
    const { audit, by, ...decision } = input;
    return decide(ctx.db, audit, decision, technician(ctx.db, audit, by));
  },
  'audit.decideMany': (ctx, input) => {
    const { audit, by, ...filter } = input;
    return decideMany(ctx.db, audit, filter, technician(ctx.db, audit, by));
  },
  // The change log names the technician who did the audit (or the one who applies it), never "console user".
  'audit.apply': (ctx, input) => applyAudit(ctx.db, input.audit, { actor: technician(ctx.db, input.audit, input.by), reason: input.reason ?? null }),
  'audit.report': (ctx, input) => {
    const recon = reconcile(ctx.db, input.audit);
    const base = `audit-${recon.audit.id}`;
    return input.format === 'csv'
      ? { filename: `${base}.csv`, mime: 'text/csv', text: reconciliationCsv(recon) }
      : { filename: `${base}.html`, mime: 'text/html', text: reconciliationHtml(ctx.db, recon, new Date().toISOString()) };
  },
  'audit.export': (ctx, input) => exportAudit(ctx.db, input.audit),
  'audit.import': (ctx, input) =>
    'path' in input.source
      ? importAudit(ctx.db, readBundle(input.source.path), path.basename(input.source.path))
      : importAudit(ctx.db, input.source.text, input.source.name || 'the audit file'),
  'audit.labels': (ctx, input) => labelSheet(ctx.db, input),
};
