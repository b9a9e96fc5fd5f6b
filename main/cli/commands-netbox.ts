import fs from 'node:fs';
import path from 'node:path';
import { FloorwalkError } from '../../app/core/errors';
import { NETBOX_EXPORT_KINDS, NETBOX_KIND_ALIASES, type NetboxExportKind } from '../../app/netbox/export';
import { stringOption, UsageError, type ParsedArgs } from './command';
import { request } from './commands-core';
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
