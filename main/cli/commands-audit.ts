import fs from 'node:fs';
import path from 'node:path';
import { callLocal } from '../../app/api/dispatch';
import { deviceTypeId } from '../../app/audit/decide';
import { describeLocation } from '../../app/audit/store';
import type { AuditSummary, ReconItem, Reconciliation, ScanResult } from '../../app/audit/types';
import { resolveDevice } from '../../app/inventory/device-ref';
import { resolveRack, resolveRoom } from '../../app/inventory/resolve';
import { intOption, positional, stringOption, UsageError, type Command, type ParsedArgs } from './command';
import { request, withDb } from './commands-core';
import { printJson, printTable, type CliIo } from './output';

function requireOut(args: ParsedArgs, usage: string): string {
  const out = stringOption(args, 'out');
  if (out === undefined || out === '') throw new UsageError(`needs --out FILE (usage: floorwalk ${usage})`);
  return out;
}

function writeOut(out: string, text: string): number {
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, text);
  return Buffer.byteLength(text);
}

function optionalInt(args: ParsedArgs, name: string): number | undefined {
  return stringOption(args, name) === undefined ? undefined : intOption(args, name, 0);
}

function listOption(args: ParsedArgs, name: string): string[] | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`--${name} needs a comma-separated list`);
  return items;
}

const START_USAGE = 'audit start (--room ROOM | --site SITE | --racks R1,R2) --by NAME [--gpus] [--json]';
const start: Command = {
  name: 'audit start',
  usage: START_USAGE,
  summary: 'start an audit: freeze what the inventory expects in a room, a site or chosen racks (devices; --gpus: GPU serials too)',
  // --devices-only is the default now and still accepted, so scripts written for it keep working.
  options: { room: { type: 'string' }, site: { type: 'string' }, racks: { type: 'string' }, by: { type: 'string' }, gpus: { type: 'boolean' }, 'devices-only': { type: 'boolean' } },
  async run(args, io) {
    const room = stringOption(args, 'room');
    const site = stringOption(args, 'site');
    const racks = listOption(args, 'racks');
    const chosen = [room, site, racks].filter((v) => v !== undefined).length;
    if (chosen !== 1) throw new UsageError(`choose exactly one of --room, --site, --racks (usage: floorwalk ${START_USAGE})`);
    const by = stringOption(args, 'by');
    if (by === undefined || by.trim() === '') throw new UsageError(`needs --by NAME, the technician (usage: floorwalk ${START_USAGE})`);
    const scope = room !== undefined ? { kind: 'room', room } : site !== undefined ? { kind: 'site', site } : { kind: 'racks', racks };
    if (args.values['gpus'] === true && args.values['devices-only'] === true) throw new UsageError('--gpus and --devices-only contradict each other; choose one');
    const result = await request(args, 'audit.start', { scope, technician: by, includeAccelerators: args.values['gpus'] === true });
    if (args.json) printJson(io, { audit: result.audit, expected: result.expected });
    else io.out(`Audit ${result.audit} started: ${result.expected.toLocaleString('en-US')} items expected.\n`);
    return 0;
  },
};

const SCAN_USAGE = 'audit scan ID CODE [--rack RACK] [--u N] [--by NAME] [--json]';
const scan: Command = {
  name: 'audit scan',
  usage: SCAN_USAGE,
  summary: 'record a scanned code: a rack label switches the rack; an asset tag or serial is classified',
  options: { rack: { type: 'string' }, u: { type: 'string' }, by: { type: 'string' } },
  async run(args, io) {
    const audit = positional(args, 0, 'the audit ID', SCAN_USAGE);
    const code = positional(args, 1, 'the CODE', SCAN_USAGE);
    const rack = stringOption(args, 'rack');
    const u = optionalInt(args, 'u');
    const by = stringOption(args, 'by');
    const result: ScanResult = await request(args, 'audit.scan', { audit, code, ...(rack ? { rack } : {}), ...(u !== undefined ? { u } : {}), ...(by ? { by } : {}) });
    if (args.json) printJson(io, result);
    else io.out(`${result.result.toUpperCase()}  ${result.message}  (${result.progress.rackSeen}/${result.progress.rackExpected} in rack, ${result.progress.seen}/${result.progress.expected} in audit)\n`);
    return 0;
  },
};

const DONE_USAGE = 'audit done ID RACK [--reopen] [--json]';
const done: Command = {
  name: 'audit done',
  usage: DONE_USAGE,
  summary: 'mark a rack walked and list what is missing there (--reopen takes the mark back)',
  options: { reopen: { type: 'boolean' }, by: { type: 'string' } },
  async run(args, io) {
    const audit = positional(args, 0, 'the audit ID', DONE_USAGE);
    const rack = positional(args, 1, 'the RACK', DONE_USAGE);
    const by = stringOption(args, 'by');
    const result = await request(args, 'audit.rackDone', { audit, rack, done: args.values['reopen'] !== true, ...(by ? { by } : {}) });
    if (args.json) printJson(io, result);
    else {
      io.out(`${result.rack.path}: ${result.rack.seen} of ${result.rack.expected} seen, ${result.missing.length} missing.\n`);
      for (const m of result.missing) io.out(`  missing  ${m.item.serial ?? m.item.assetTag ?? ''}  ${m.item.label}  (${describeLocation(m.expected)})\n`);
    }
    return 0;
  },
};

const STATUS_USAGE = 'audit status ID [--json]';
const status: Command = {
  name: 'audit status',
  usage: STATUS_USAGE,
  summary: 'per-rack progress of an audit and the rack the technician stands at',
  options: {},
  async run(args, io) {
    const detail = await request(args, 'audit.detail', { audit: positional(args, 0, 'the audit ID', STATUS_USAGE) });
    if (args.json) printJson(io, detail);
    else {
      io.out(`${summaryLine(detail.audit)}\ncurrent rack: ${detail.currentRack?.path ?? 'none yet'}\n`);
      printTable(io, ['rack', 'expected', 'seen', 'misplaced here', 'unknown here', 'status'], detail.racks.map((r) => [r.path, String(r.expected), String(r.seen), String(r.misplacedHere), String(r.unknownHere), r.status]));
    }
    return 0;
  },
};

function printItems(io: CliIo, title: string, items: readonly ReconItem[]): void {
  if (items.length === 0) return;
  io.out(`${title}:\n`);
  printTable(
    io,
    ['  key', 'code', 'item', 'expected at', 'found at', 'decision'],
    items.map((i) => [
      `  ${i.key}`,
      i.code,
      i.item?.label ?? '',
      i.from ? describeLocation(i.from) : '',
      i.to ? describeLocation(i.to) : '',
      `${i.applied ? 'applied' : i.decision}${i.blocker ? ` (${i.blocker})` : ''}`,
    ]),
  );
}

function printReconciliation(io: CliIo, recon: Reconciliation): void {
  io.out(`${summaryLine(recon.audit)}\nmatched ${recon.matched}, missing ${recon.missing}, misplaced ${recon.misplaced}, unknown ${recon.unknown}, duplicates ${recon.duplicates}, on RMA cases ${recon.rma}\n`);
  printItems(io, 'missing', recon.details.missing);
  printItems(io, 'misplaced', recon.details.misplaced);
  printItems(io, 'unknown', recon.details.unknown);
  for (const r of recon.details.rma) io.out(`rma case ${r.caseId} ${r.code}: ${r.note}\n`);
  for (const d of recon.details.duplicates) io.out(`duplicate ${d.code}: ${d.seen.map((s) => `${s.rack} at ${s.at}`).join('; ')}\n`);
}

const FINISH_USAGE = 'audit finish ID [--json]';
const finish: Command = {
  name: 'audit finish',
  usage: FINISH_USAGE,
  summary: 'finish an audit and print its reconciliation: matched, missing, misplaced, unknown, duplicates',
  options: { by: { type: 'string' } },
  async run(args, io) {
    const by = stringOption(args, 'by');
    const recon = await request(args, 'audit.finish', { audit: positional(args, 0, 'the audit ID', FINISH_USAGE), ...(by ? { by } : {}) });
    if (args.json) {
      printJson(io, { matched: recon.matched, missing: recon.missing, misplaced: recon.misplaced, unknown: recon.unknown, duplicates: recon.duplicates, rma: recon.rma, details: recon.details });
    } else printReconciliation(io, recon);
    return 0;
  },
};

const DECIDE_USAGE = 'audit decide ID ITEM accept|reject [--type SLUG] [--u N] [--identity serial|asset_tag] [--target DEVICE_ID] [--slot N] [--json]';
const decideCommand: Command = {
  name: 'audit decide',
  usage: DECIDE_USAGE,
  summary: 'accept or reject one reconciliation item (ITEM is its key, e.g. unknown:AT0099)',
  options: { type: { type: 'string' }, u: { type: 'string' }, identity: { type: 'string' }, target: { type: 'string' }, slot: { type: 'string' }, by: { type: 'string' } },
  async run(args, io) {
    const audit = positional(args, 0, 'the audit ID', DECIDE_USAGE);
    const item = positional(args, 1, 'the ITEM key', DECIDE_USAGE);
    const decision = positional(args, 2, 'accept or reject', DECIDE_USAGE);
    if (decision !== 'accept' && decision !== 'reject') throw new UsageError(`the decision is "accept" or "reject", not "${decision}"`);
    const identity = stringOption(args, 'identity');
    if (identity !== undefined && identity !== 'serial' && identity !== 'asset_tag') throw new UsageError('--identity is serial or asset_tag');
    const typeText = stringOption(args, 'type');
    const u = optionalInt(args, 'u');
    const target = optionalInt(args, 'target');
    const slot = optionalInt(args, 'slot');
    const by = stringOption(args, 'by');
    const result = await withDb(args, (ctx) =>
      callLocal(ctx, 'audit.decide', {
        audit,
        item,
        decision,
        ...(typeText !== undefined ? { typeId: deviceTypeId(ctx.db, typeText) } : {}),
        ...(identity !== undefined ? { identity } : {}),
        ...(u !== undefined ? { uPosition: u } : {}),
        ...(target !== undefined ? { targetDeviceId: target } : {}),
        ...(slot !== undefined ? { slot } : {}),
        ...(by ? { by } : {}),
      }),
    );
    if (args.json) printJson(io, result);
    else io.out(`${result.key}: ${result.decision}${result.blocker ? ` (${result.blocker})` : ''}\n`);
    return 0;
  },
};

const APPLY_USAGE = 'audit apply ID [--reason TEXT] [--json]';
const apply: Command = {
  name: 'audit apply',
  usage: APPLY_USAGE,
  summary: 'apply the accepted findings to the inventory as one change set (mark missing, move, add)',
  options: { reason: { type: 'string' }, by: { type: 'string' } },
  async run(args, io) {
    const reason = stringOption(args, 'reason');
    const by = stringOption(args, 'by');
    const result = await request(args, 'audit.apply', { audit: positional(args, 0, 'the audit ID', APPLY_USAGE), ...(reason ? { reason } : {}), ...(by ? { by } : {}) });
    if (args.json) printJson(io, result);
    else io.out(`Applied audit ${result.audit} as change set ${result.changeSet}: ${result.summary}; ${result.rejected} not applied (rejected or undecided).\n`);
    return 0;
  },
};

const DECIDE_ALL_USAGE = 'audit decide-all ID accept|reject [--category missing|misplaced|unknown] [--kind device|accelerator] [--rack RACK] [--device DEVICE] [--json]';
const CATEGORIES = ['missing', 'misplaced', 'unknown'] as const;
const ITEM_KINDS = ['device', 'accelerator'] as const;
const decideAll: Command = {
  name: 'audit decide-all',
  usage: DECIDE_ALL_USAGE,
  summary: 'accept or reject at once every item of a category, kind, rack and/or device (e.g. all missing devices of one rack)',
  options: { category: { type: 'string' }, kind: { type: 'string' }, rack: { type: 'string' }, device: { type: 'string' }, by: { type: 'string' } },
  async run(args, io) {
    const audit = positional(args, 0, 'the audit ID', DECIDE_ALL_USAGE);
    const decision = positional(args, 1, 'accept or reject', DECIDE_ALL_USAGE);
    if (decision !== 'accept' && decision !== 'reject') throw new UsageError(`the decision is "accept" or "reject", not "${decision}"`);
    const category = stringOption(args, 'category');
    if (category !== undefined && !(CATEGORIES as readonly string[]).includes(category)) throw new UsageError(`--category is one of ${CATEGORIES.join(', ')}`);
    const kind = stringOption(args, 'kind');
    if (kind !== undefined && !(ITEM_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind is one of ${ITEM_KINDS.join(', ')}`);
    const rack = stringOption(args, 'rack');
    const device = stringOption(args, 'device');
    const by = stringOption(args, 'by');
    const result = await withDb(args, (ctx) =>
      callLocal(ctx, 'audit.decideMany', {
        audit,
        decision,
        ...(category !== undefined ? { category } : {}),
        ...(kind !== undefined ? { kind } : {}),
        ...(rack !== undefined ? { rackId: resolveRack(ctx.db, rack).id } : {}),
        ...(device !== undefined ? { deviceId: resolveDevice(ctx.db, device) } : {}),
        ...(by ? { by } : {}),
      }),
    );
    if (args.json) printJson(io, result);
    else {
      io.out(`${result.decided.toLocaleString('en-US')} item(s) set to ${decision}.\n`);
      for (const s of result.skipped) io.out(`  skipped ${s.key}: ${s.reason}\n`);
    }
    return 0;
  },
};

const REPORT_USAGE = 'audit report ID --out FILE.html|FILE.csv [--json]';
const report: Command = {
  name: 'audit report',
  usage: REPORT_USAGE,
  summary: 'write the audit report: printable HTML with the floor map and tables, or CSV',
  options: { out: { type: 'string' } },
  async run(args, io) {
    const audit = positional(args, 0, 'the audit ID', REPORT_USAGE);
    const out = requireOut(args, REPORT_USAGE);
    const ext = path.extname(out).toLowerCase();
    if (ext !== '.html' && ext !== '.htm' && ext !== '.csv') throw new UsageError('--out must end in .html or .csv');
    const format = ext === '.csv' ? 'csv' : 'html';
    const result = await request(args, 'audit.report', { audit, format });
    const bytes = writeOut(out, result.text);
    if (args.json) printJson(io, { out: path.resolve(out), format, bytes });
    else io.out(`Wrote ${out} (${format.toUpperCase()}, ${(bytes / 1024).toFixed(0)} KiB)\n`);
    return 0;
  },
};

const EXPORT_USAGE = 'audit export ID --out FILE [--json]';
const exportCommand: Command = {
  name: 'audit export',
  usage: EXPORT_USAGE,
  summary: 'write an audit as one file (JSON bundle with integrity hash) to carry to another machine',
  options: { out: { type: 'string' } },
  async run(args, io) {
    const audit = positional(args, 0, 'the audit ID', EXPORT_USAGE);
    const out = requireOut(args, EXPORT_USAGE);
    const result = await request(args, 'audit.export', { audit });
    const bytes = writeOut(out, result.text);
    if (args.json) printJson(io, { out: path.resolve(out), audit: audit.toUpperCase(), scans: result.scans, bytes, hash: result.hash });
    else io.out(`Wrote ${out}: ${result.scans} scans, ${(bytes / 1024).toFixed(0)} KiB, sha256 ${result.hash.slice(0, 16)}…\n`);
    return 0;
  },
};

const IMPORT_USAGE = 'audit import FILE [--json]';
const importCommand: Command = {
  name: 'audit import',
  usage: IMPORT_USAGE,
  summary: 'import an audit file; merges with the same audit from another laptop, twice changes nothing',
  options: {},
  async run(args, io) {
    const file = positional(args, 0, 'the FILE', IMPORT_USAGE);
    const result = await request(args, 'audit.import', { source: { path: file } });
    if (args.json) printJson(io, result);
    else if (result.unchanged) io.out(`Audit ${result.audit}: nothing new in ${file}.\n`);
    else io.out(`Audit ${result.audit} ${result.created ? 'imported' : 'merged'}: ${result.scansAdded} scans, ${result.racksDoneAdded} racks done, ${result.decisionsChanged} decisions.\n`);
    return 0;
  },
};

const LABELS_USAGE = 'audit labels (--room ROOM | --racks R1,R2) --out FILE.html [--racks-only] [--json]';
const labels: Command = {
  name: 'audit labels',
  usage: LABELS_USAGE,
  summary: 'write printable QR label sheets for the racks and devices (asset tags) of a room',
  options: { room: { type: 'string' }, racks: { type: 'string' }, out: { type: 'string' }, 'racks-only': { type: 'boolean' } },
  async run(args, io) {
    const out = requireOut(args, LABELS_USAGE);
    const room = stringOption(args, 'room');
    const racks = listOption(args, 'racks');
    if ((room === undefined) === (racks === undefined)) throw new UsageError(`choose --room or --racks (usage: floorwalk ${LABELS_USAGE})`);
    const result = await request(args, 'audit.labels', { ...(room !== undefined ? { room } : {}), ...(racks ? { racks } : {}), devices: args.values['racks-only'] !== true });
    const bytes = writeOut(out, result.html);
    if (args.json) printJson(io, { out: path.resolve(out), labels: result.labels, bytes });
    else io.out(`Wrote ${out}: ${result.labels} labels.\n`);
    return 0;
  },
};

function summaryLine(a: AuditSummary): string {
  return `Audit ${a.id} ${a.scopeLabel} by ${a.technician}, ${a.state}: ${a.seen}/${a.expected} seen, ${a.racksDone}/${a.racks} racks done`;
}

const LIST_USAGE = 'audit list [--room ROOM] [--open] [--json]';
const list: Command = {
  name: 'audit list',
  usage: LIST_USAGE,
  summary: 'list audits, newest first',
  options: { room: { type: 'string' }, open: { type: 'boolean' } },
  async run(args, io) {
    const room = stringOption(args, 'room');
    const audits = await withDb(args, (ctx) =>
      callLocal(ctx, 'audit.list', { ...(room !== undefined ? { roomId: resolveRoom(ctx.db, room).id } : {}), ...(args.values['open'] === true ? { open: true } : {}) }),
    );
    if (args.json) printJson(io, audits);
    else if (audits.length === 0) io.out('No audits yet. Start one with "floorwalk audit start --room ROOM --by NAME".\n');
    else printTable(io, ['audit', 'scope', 'technician', 'started', 'state', 'seen', 'racks done'], audits.map((a) => [a.id, a.scopeLabel, a.technician, a.startedAt, a.state, `${a.seen}/${a.expected}`, `${a.racksDone}/${a.racks}`]));
    return 0;
  },
};

export const AUDIT_COMMANDS: readonly Command[] = [start, scan, done, status, finish, decideCommand, decideAll, apply, report, exportCommand, importCommand, labels, list];
