import fs from 'node:fs';
import path from 'node:path';
import { callLocal } from '../../app/api/dispatch';
import type { RequestName, RequestResult } from '../../app/api/contract';
import { FloorwalkError } from '../../app/core/errors';
import type { InventoryKind } from '../../app/inventory/detail-types';
import { resolveDevice } from '../../app/inventory/device-ref';
import { resolveRack } from '../../app/inventory/resolve';
import { intOption, stringOption, UsageError, type Command, type ParsedArgs } from './command';
import { progressPrinter, request, withDb } from './commands-core';
import { exportInventoryForNetbox } from './commands-netbox';
import { printJson, printTable, type CliIo } from './output';

const KINDS: readonly InventoryKind[] = ['sites', 'rooms', 'racks', 'devices', 'accelerators'];
/** Errors printed in the human form; --json carries all the report holds. */
const HUMAN_ERROR_LINES = 50;

function kindOption(args: ParsedArgs): InventoryKind {
  const kind = stringOption(args, 'kind');
  if (kind === undefined) throw new UsageError(`--kind is required: one of ${KINDS.join(', ')}`);
  if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, not "${kind}"`);
  return kind as InventoryKind;
}

/** Runs a request with a progress line on a terminal. */
async function requestWithProgress<K extends RequestName>(args: ParsedArgs, io: CliIo, name: K, input: unknown): Promise<RequestResult<K>> {
  const onProgress = progressPrinter(io);
  try {
    return await withDb(args, (ctx) => callLocal(onProgress ? { ...ctx, onProgress } : ctx, name, input));
  } finally {
    if (onProgress) io.err('\n');
  }
}

const importInventory: Command = {
  name: 'import inventory',
  usage: 'import inventory FILE --kind KIND [--dry-run] [--reason TEXT]',
  summary: 'check and load a CSV of sites|rooms|racks|devices|accelerators (Floorwalk or NetBox columns, NetBox Locations as rooms, Excel-saved is fine); all rows or none; exit 1 on any error',
  options: { kind: { type: 'string' }, 'dry-run': { type: 'boolean' }, reason: { type: 'string' } },
  async run(args, io) {
    const kind = kindOption(args);
    const file = args.positionals[0];
    if (file === undefined || args.positionals.length > 1) throw new UsageError('import inventory needs exactly one FILE');
    const dryRun = args.values['dry-run'] === true;
    const reason = stringOption(args, 'reason');
    const report = await requestWithProgress(args, io, 'inventory.import', {
      kind,
      source: { path: path.resolve(file) },
      dryRun,
      ...(reason === undefined ? {} : { reason }),
    });
    if (args.json) printJson(io, report);
    else {
      const n = (x: number): string => x.toLocaleString('en-US');
      const counts = `${n(report.created)} created, ${n(report.updated)} updated, ${n(report.unchanged)} unchanged`;
      if (report.committed) io.out(`Imported ${n(report.rows)} ${kind} rows: ${counts}.\n`);
      else if (report.errorCount === 0) io.out(`Dry run of ${n(report.rows)} ${kind} rows (would be ${counts}); nothing was written.\n`);
      else io.out(`${n(report.rows)} ${kind} rows, ${n(report.errorCount)} error(s); nothing was written.\n`);
      if (report.unknownColumns.length > 0) io.out(`Columns not read: ${report.unknownColumns.join(', ')}\n`);
      if (!report.committed && report.changes.length > 0) {
        const shown = (v: string | number | boolean | null): string => (v === null ? '—' : String(v));
        printTable(
          io,
          ['row', 'part', 'field', 'before → after'],
          report.changes.slice(0, HUMAN_ERROR_LINES).map((c) => [String(c.row), `${c.id === null ? `new ${c.entity}` : `${c.entity} ${c.id}`}${c.label === null ? '' : ` ${c.label}`}`, c.field, `${shown(c.before)} → ${shown(c.after)}`]),
        );
        if (report.changeCount > HUMAN_ERROR_LINES) io.out(`… and ${(report.changeCount - HUMAN_ERROR_LINES).toLocaleString('en-US')} more changes (use --json)\n`);
      }
      if (report.errors.length > 0) {
        printTable(
          io,
          ['row', 'column', 'reason'],
          // FILE:LINE after the reason, so an editor jumps there (quoted line breaks make it differ from the row).
          report.errors.slice(0, HUMAN_ERROR_LINES).map((e) => [String(e.row), e.column, `${e.reason} (${path.basename(file)}:${e.line ?? 1})`]),
        );
        if (report.errorCount > HUMAN_ERROR_LINES) io.out(`… and ${(report.errorCount - HUMAN_ERROR_LINES).toLocaleString('en-US')} more (use --json)\n`);
      }
    }
    return report.errorCount > 0 ? 1 : 0;
  },
};

const exportInventory: Command = {
  name: 'export inventory',
  usage: 'export inventory --kind KIND --out FILE [--force] [--format floorwalk|netbox]',
  summary: 'write a CSV the importer reads back (spreadsheet-safe cells); --out - writes to stdout; --format netbox writes NetBox bulk-import files',
  options: { kind: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, format: { type: 'string' } },
  async run(args, io) {
    const format = stringOption(args, 'format') ?? 'floorwalk';
    if (format === 'netbox') return exportInventoryForNetbox(args, io);
    if (format !== 'floorwalk') throw new UsageError(`--format must be floorwalk or netbox, not "${format}"`);
    const kind = kindOption(args);
    const out = stringOption(args, 'out');
    if (out === undefined) throw new UsageError('export inventory needs --out FILE (or --out - for stdout)');
    if (out !== '-' && fs.existsSync(out) && args.values['force'] !== true) {
      throw new FloorwalkError('conflict', `${out} already exists; pass --force to replace it or choose another name.`);
    }
    const result = await requestWithProgress(args, io, 'inventory.export', { kind });
    if (out === '-') {
      io.out(result.csv);
      return 0;
    }
    const target = path.resolve(out);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, result.csv);
    } catch (error) {
      throw new FloorwalkError('io_error', `Cannot write ${out}: ${(error as Error).message}`);
    }
    const bytes = Buffer.byteLength(result.csv);
    if (args.json) printJson(io, { kind, rows: result.rows, out: target, bytes });
    else io.out(`Exported ${result.rows.toLocaleString('en-US')} ${kind} to ${target}\n`);
    return 0;
  },
};

const undo: Command = {
  name: 'undo',
  usage: 'undo [--reason TEXT]',
  summary: 'revert the newest change not yet undone (a whole import or a device with its GPUs at once)',
  options: { reason: { type: 'string' } },
  async run(args, io) {
    const reason = stringOption(args, 'reason');
    const result = await request(args, 'changes.undo', reason === undefined ? {} : { reason });
    if (args.json) printJson(io, result);
    else {
      const u = result.undone;
      const more = result.undoneCount > 1 ? ` and ${result.undoneCount - 1} entr${result.undoneCount === 2 ? 'y' : 'ies'} of the same change` : '';
      io.out(`Undid change ${u.id} (${u.action} of ${u.entity} ${u.entityId ?? ''} by ${u.actor}, ${u.at})${more}; logged as change ${result.changeId}.\n`);
    }
    return 0;
  },
};

const history: Command = {
  name: 'history',
  usage: 'history ENTITY ID [--limit N]',
  summary: 'the change log of one site|room|rack|device|accelerator, newest first (a device also by hostname, serial or asset tag)',
  options: { limit: { type: 'string' } },
  async run(args, io) {
    const [entity, ref] = args.positionals;
    const entities = ['site', 'room', 'rack', 'device', 'accelerator'];
    if (entity === undefined || ref === undefined || !entities.includes(entity)) throw new UsageError(`history needs ${entities.join('|')} and an id`);
    const entries = await withDb(args, (ctx) => {
      let entityId: number;
      if (entity === 'device') entityId = resolveDevice(ctx.db, ref);
      else if (entity === 'rack') entityId = resolveRack(ctx.db, ref).id;
      else if (/^\d+$/.test(ref)) entityId = Number(ref);
      else throw new UsageError(`${entity} must be given by its id`);
      return callLocal(ctx, 'history.entity', { entity, entityId, limit: intOption(args, 'limit', 50) });
    });
    if (args.json) printJson(io, entries);
    else if (entries.length === 0) io.out('No changes recorded.\n');
    else printTable(io, ['change', 'at', 'actor', 'action', 'reason'], entries.map((e) => [String(e.id), e.at, e.actor, e.action, e.reason ?? '']));
    return 0;
  },
};

const types: Command = {
  name: 'types',
  usage: 'types',
  summary: 'the device-type catalog: the slugs an import or "device add" accepts',
  options: {},
  async run(args, io) {
    const list = await request(args, 'catalog.deviceTypes', {});
    if (args.json) printJson(io, list);
    else printTable(io, ['slug', 'vendor', 'model', 'U', 'GPUs'], list.map((t) => [t.slug, t.vendor, t.model, String(t.uHeight), String(t.accelCount)]));
    return 0;
  },
};

/** `--u 12`, or `--u none` for zero-U and unpositioned gear. */
function uOption(args: ParsedArgs): number | null | undefined {
  const raw = stringOption(args, 'u');
  if (raw === undefined) return undefined;
  if (raw === 'none' || raw === '') return null;
  return intOption(args, 'u', 0);
}

const DEVICE_SET_OPTIONS = {
  rack: { type: 'string' },
  u: { type: 'string' },
  face: { type: 'string' },
  status: { type: 'string' },
  hostname: { type: 'string' },
  serial: { type: 'string' },
  'asset-tag': { type: 'string' },
  role: { type: 'string' },
  type: { type: 'string' },
  reason: { type: 'string' },
} as const;

const deviceSet: Command = {
  name: 'device set',
  usage: 'device set DEVICE [--rack R|none] [--u N|none] [--status S] [--reason TEXT]',
  summary: 'move or edit one device (by hostname, serial, asset tag or id) under the console\'s rules; also --face, --hostname, --serial, --asset-tag, --role, --type SLUG (refused when its GPUs would have no slot)',
  options: DEVICE_SET_OPTIONS,
  async run(args, io) {
    const ref = args.positionals[0];
    if (ref === undefined) throw new UsageError('device set needs the DEVICE (hostname, serial, asset tag or id)');
    const result = await withDb(args, (ctx) => {
      const id = resolveDevice(ctx.db, ref);
      const patch: Record<string, unknown> = {};
      const rack = stringOption(args, 'rack');
      if (rack !== undefined) patch['rackId'] = rack === 'none' ? null : resolveRack(ctx.db, rack).id;
      const u = uOption(args);
      if (u !== undefined) patch['uPosition'] = u;
      if (rack === 'none') patch['uPosition'] = null;
      const type = stringOption(args, 'type');
      if (type !== undefined) {
        const typeId = ctx.db.prepare('SELECT id FROM device_types WHERE slug = ? COLLATE NOCASE').pluck().get(type) as number | undefined;
        if (typeId === undefined) throw new FloorwalkError('not_found', `There is no device type "${type}"; "floorwalk types" lists the slugs.`, { field: 'type' });
        patch['typeId'] = typeId;
      }
      for (const [option, field] of [
        ['face', 'face'],
        ['status', 'status'],
        ['hostname', 'hostname'],
        ['serial', 'serial'],
        ['asset-tag', 'assetTag'],
        ['role', 'role'],
      ] as const) {
        const value = stringOption(args, option);
        if (value !== undefined) patch[field] = value;
      }
      if (Object.keys(patch).length === 0) throw new UsageError('device set needs at least one change, e.g. --status failed or --rack R01-03 --u 11');
      const reason = stringOption(args, 'reason');
      return callLocal(ctx, 'device.update', { id, patch, ...(reason === undefined ? {} : { reason }) });
    });
    if (args.json) printJson(io, result);
    else io.out(`Device ${result.id} updated (change ${result.changeId}).\n`);
    return 0;
  },
};

const deviceDelete: Command = {
  name: 'device delete',
  usage: 'device delete DEVICE [--reason TEXT]',
  summary: 'remove a device and its accelerators (each logged; "floorwalk undo" brings them back)',
  options: { reason: { type: 'string' } },
  async run(args, io) {
    const ref = args.positionals[0];
    if (ref === undefined) throw new UsageError('device delete needs the DEVICE (hostname, serial, asset tag or id)');
    const reason = stringOption(args, 'reason');
    const result = await withDb(args, (ctx) => callLocal(ctx, 'device.delete', { id: resolveDevice(ctx.db, ref), ...(reason === undefined ? {} : { reason }) }));
    if (args.json) printJson(io, result);
    else io.out(`Device ${result.id} deleted (change ${result.changeId}).\n`);
    return 0;
  },
};

export const INVENTORY_COMMANDS: readonly Command[] = [importInventory, exportInventory, undo, history, types, deviceSet, deviceDelete];
