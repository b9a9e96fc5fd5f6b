import fs from 'node:fs';
import path from 'node:path';
import { FloorwalkError } from '../../app/core/errors';
import { NETBOX_EXPORT_KINDS, NETBOX_KIND_ALIASES, type NetboxExportKind } from '../../app/netbox/export';
import { callLocal } from '../../app/api/dispatch';
import type { RequestResult } from '../../app/api/contract';
import { stringOption, UsageError, type Command, type ParsedArgs } from './command';
import { progressPrinter, request, withDb } from './commands-core';
import { printJson, type CliIo } from './output';

export const NETBOX_FORMAT_KINDS = [...NETBOX_EXPORT_KINDS, ...Object.keys(NETBOX_KIND_ALIASES), 'all'];

function netboxKinds(kind: string | undefined): NetboxExportKind[] {
  if (kind === undefined) throw new UsageError(`--kind is required: one of ${NETBOX_FORMAT_KINDS.join(', ')}`);
  if (kind === 'all') return [...NETBOX_EXPORT_KINDS];
  const resolved = (NETBOX_EXPORT_KINDS as readonly string[]).includes(kind) ? (kind as NetboxExportKind) : NETBOX_KIND_ALIASES[kind];
  if (resolved === undefined) throw new UsageError(`--kind must be one of ${NETBOX_FORMAT_KINDS.join(', ')} with --format netbox, not "${kind}"`);
  return [resolved];
}

function writeNew(file: string, text: string, force: boolean): void {
  if (fs.existsSync(file) && !force) throw new FloorwalkError('conflict', `${file} already exists; pass --force to replace it or choose another name.`);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new FloorwalkError('io_error', `Cannot write ${file}: ${(error as Error).message}`);
  }
}

/**
 * `export inventory --format netbox`: NetBox's bulk-import CSVs. One kind goes to --out FILE; `--kind all`
 * writes every file into the folder --out, numbered in the order NetBox must load them.
 */
export async function exportInventoryForNetbox(args: ParsedArgs, io: CliIo): Promise<number> {
  const kinds = netboxKinds(stringOption(args, 'kind'));
  const out = stringOption(args, 'out');
  if (out === undefined) throw new UsageError('export inventory needs --out FILE (a folder with --kind all; - for stdout)');
  const force = args.values['force'] === true;
  const files = await request(args, 'netbox.export', { kinds });
  const notes = files.flatMap((f) => f.notes.map((n) => ({ kind: f.kind, ...n })));
  const skipped = files.flatMap((f) => f.skipped.map((s) => ({ kind: f.kind, ...s })));
  const [only] = files;
  if (out === '-' && files.length === 1 && only) {
    io.out(only.csv);
    return 0;
  }
  if (out === '-') throw new UsageError('--out - writes one kind; give a folder for --kind all');
  const written = files.map((f, i) => {
    const target = files.length === 1 ? path.resolve(out) : path.resolve(out, `${String(i + 1).padStart(2, '0')}-${f.kind}.csv`);
    writeNew(target, f.csv, force);
    return { kind: f.kind, out: target, rows: f.rows, bytes: Buffer.byteLength(f.csv), importPath: f.importPath };
  });
  const rows = written.reduce((n, f) => n + f.rows, 0);
  if (args.json) {
    const kind = stringOption(args, 'kind') ?? '';
    printJson(io, { kind, format: 'netbox', rows, out: path.resolve(out), bytes: written.reduce((n, f) => n + f.bytes, 0), files: written, notes, skipped });
  } else {
    for (const f of written) io.out(`${f.rows.toLocaleString('en-US')} ${f.kind} → ${f.out} (NetBox: ${f.importPath})\n`);
    if (notes.length > 0) io.out(`${notes.length} value(s) NetBox cannot hold as they are (use --json to list them), e.g. ${notes[0]?.kind} row ${notes[0]?.row}: ${notes[0]?.note}\n`);
    if (skipped.length > 0) io.out(`${skipped.length} object(s) not exported, e.g. ${skipped[0]?.what}: ${skipped[0]?.reason}\n`);
  }
  return 0;
}

/** Prints the one-line summary of a pull. */
function printPull(io: CliIo, r: RequestResult<'netbox.pull'>): void {
  const n = (x: number): string => x.toLocaleString('en-US');
  io.out(
    `Pulled ${r.site}${r.location ? `/${r.location}` : ''} from ${r.server}: ${n(r.locations)} locations, ${n(r.racks)} racks, ${n(r.devices)} devices, ${n(r.inventoryItems)} inventory items ` +
      `in ${r.seconds.toFixed(1)} s — ${n(r.created)} created, ${n(r.updated)} updated, ${n(r.unchanged)} unchanged.\n`,
  );
  for (const s of r.skipped.slice(0, 20)) io.out(`  not pulled: ${s.what}: ${s.reason}\n`);
  if (r.skipped.length > 20) io.out(`  … and ${n(r.skipped.length - 20)} more (use --json)\n`);
}

const netboxPull: Command = {
  name: 'netbox pull',
  usage: 'netbox pull --url URL [--token TOKEN] --site SLUG [--location L]',
  summary: 'read a NetBox site (locations, racks, devices, GPU inventory items) into the inventory; a re-pull updates, never duplicates; the token is saved (0600) for the server',
  options: { url: { type: 'string' }, token: { type: 'string' }, site: { type: 'string' }, location: { type: 'string' } },
  async run(args, io) {
    const url = stringOption(args, 'url');
    const site = stringOption(args, 'site');
    if (url === undefined || site === undefined) throw new UsageError('netbox pull needs --url URL and --site SLUG');
    const token = stringOption(args, 'token') ?? process.env['FLOORWALK_NETBOX_TOKEN'];
    const location = stringOption(args, 'location');
    const onProgress = progressPrinter(io);
    let result: RequestResult<'netbox.pull'>;
    try {
      result = await withDb(args, (ctx) =>
        callLocal(onProgress ? { ...ctx, onProgress } : ctx, 'netbox.pull', { url, site, ...(token === undefined ? {} : { token }), ...(location === undefined ? {} : { location }) }),
      );
    } finally {
      if (onProgress) io.err('\n');
    }
    if (args.json) printJson(io, result);
    else printPull(io, result);
    return 0;
  },
};

const netboxDiff: Command = {
  name: 'netbox diff',
  usage: 'netbox diff --url URL',
  summary: 'list local changes since the last pull from that NetBox, field by field (no network call)',
  options: { url: { type: 'string' } },
  async run(args, io) {
    const url = stringOption(args, 'url');
    if (url === undefined) throw new UsageError('netbox diff needs --url URL');
    const result = await request(args, 'netbox.diff', { url });
    if (args.json) printJson(io, result);
    else {
      io.out(`${result.changes.length} object(s) changed since the pull from ${result.server}\n`);
      for (const c of result.changes) {
        const what = c.created ? `new, not in NetBox yet` : `NetBox ${c.kind} ${c.netboxId ?? '?'}`;
        io.out(`  ${c.label} (${what})${c.deleted ? ' deleted locally' : ''}: ${c.fields.map((f) => `${f.field} ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`).join(', ')}\n`);
      }
    }
    return 0;
  },
};

const netboxPush: Command = {
  name: 'netbox push',
  usage: 'netbox push --url URL [--token TOKEN] [--dry-run] [--branch NAME]',
  summary: 'send local changes since the pull to NetBox with their change-log reason, and create racks, devices and GPUs made offline; objects changed in NetBox meanwhile are conflicts, not overwritten; exit 1 on any conflict or refusal',
  options: { url: { type: 'string' }, token: { type: 'string' }, 'dry-run': { type: 'boolean' }, branch: { type: 'string' } },
  async run(args, io) {
    const url = stringOption(args, 'url');
    if (url === undefined) throw new UsageError('netbox push needs --url URL');
    const token = stringOption(args, 'token') ?? process.env['FLOORWALK_NETBOX_TOKEN'];
    const branch = stringOption(args, 'branch');
    const result = await request(args, 'netbox.push', {
      url,
      dryRun: args.values['dry-run'] === true,
      ...(token === undefined ? {} : { token }),
      ...(branch === undefined ? {} : { branch }),
    });
    if (args.json) printJson(io, result);
    else {
      const n = (r: string): number => result.items.filter((i) => i.result === r).length;
      const done = result.dryRun ? `${n('would push')} change(s) would be pushed, ${n('would create')} object(s) would be created` : `${result.pushed} change(s) pushed, ${result.created} object(s) created`;
      io.out(`${done}, ${result.conflicts} conflict(s), ${result.refused} refused${result.branch ? ` (branch ${result.branch})` : ''}\n`);
      for (const i of result.items) io.out(`  ${i.result}: ${i.label} ${i.fields.join(', ')}${i.reason ? ` — ${i.reason}` : ''}\n`);
    }
    return result.conflicts > 0 || result.refused > 0 ? 1 : 0;
  },
};

const netboxStatus: Command = {
  name: 'netbox status',
  usage: 'netbox status [--url URL]',
  summary: 'every NetBox server this database pulled from: last pull, linked objects, last push and its conflicts, whether a token is saved (never the token)',
  options: { url: { type: 'string' } },
  async run(args, io) {
    const url = stringOption(args, 'url');
    const result = await request(args, 'netbox.status', url === undefined ? {} : { url });
    if (args.json) printJson(io, result);
    else {
      if (result.servers.length === 0) io.out('No NetBox pull in this database yet.\n');
      for (const s of result.servers) {
        const pull = s.lastPull;
        io.out(`${s.server}: token ${s.tokenSaved ? 'saved' : 'not saved'}; last pull ${pull ? `${pull.site} at ${pull.at}, ${pull.objects} objects` : 'never'}; ` +
          `linked ${s.linked.rack} racks, ${s.linked.device} devices, ${s.linked.inventory_item} GPUs; ` +
          `last push ${s.lastPush ? `${s.lastPush.dryRun ? '(dry run) ' : ''}at ${s.lastPush.at}: ${s.lastPush.pushed} pushed, ${s.lastPush.created} created, ${s.lastPush.conflicts} conflicts` : 'never'}\n`);
      }
    }
    return 0;
  },
};

export const NETBOX_COMMANDS: readonly Command[] = [netboxPull, netboxDiff, netboxPush, netboxStatus];
