import path from 'node:path';
import { callLocal } from '../../app/api/dispatch';
import type { ProgressEvent } from '../../app/core/progress';
import { resolveRoom } from '../../app/inventory/resolve';
import { offerNote } from '../../app/telemetry/profiles/profiles';
import { TELEMETRY_FORMATS, type TelemetryFormat, type TelemetryImportResult, type TelemetryLedger } from '../../app/telemetry/types';
import { intOption, positional, stringOption, UsageError, type Command, type ParsedArgs } from './command';
import { withDb } from './commands-core';
import { printJson, printTable, type CliIo } from './output';

/** The options telemetry.detect and telemetry.import share, from the command line. */
type CliImportOptions = { format?: TelemetryFormat; columns?: string; timezone?: string; room?: string; target?: string; map?: string[]; profile?: string; saveProfile?: string };

function importOptions(args: ParsedArgs): CliImportOptions {
  const format = stringOption(args, 'format');
  if (format !== undefined && !(TELEMETRY_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format takes one of ${TELEMETRY_FORMATS.join(', ')}, not "${format}"`);
  }
  const out: CliImportOptions = {};
  if (format !== undefined) out.format = format as TelemetryFormat;
  for (const key of ['columns', 'timezone', 'room', 'target', 'profile'] as const) {
    const value = stringOption(args, key);
    if (value !== undefined) out[key] = value;
  }
  const save = stringOption(args, 'save-profile');
  if (save !== undefined) out.saveProfile = save;
  const map = args.values['map'];
  if (map !== undefined) out.map = typeof map === 'string' ? [map] : Array.isArray(map) ? map : [];
  return out;
}

const IMPORT_OPTIONS = {
  format: { type: 'string' },
  columns: { type: 'string' },
  timezone: { type: 'string' },
  room: { type: 'string' },
  target: { type: 'string' },
  /** A correction of the column map, COLUMN=ROLE[:UNIT]; repeatable. */
  map: { type: 'string', multiple: true },
  /** A saved profile to apply (its --map corrections, time zone, columns). */
  profile: { type: 'string' },
} as const;

function progressLine(io: CliIo, file: string): ((event: ProgressEvent) => void) | undefined {
  if (!io.isTty) return undefined;
  return (event) => {
    const rows = (event as ProgressEvent & { rows?: number }).rows ?? 0;
    io.err(`\r${file}: ${Math.floor(event.fraction * 100)}% (${(event.done / 1e6).toFixed(1)} of ${(event.total / 1e6).toFixed(1)} MB, ${rows.toLocaleString('en-US')} rows)   `);
  };
}

/** The issue's --json shape for one file: exactly these keys. */
type ImportedFile = TelemetryImportResult & { readonly swaps?: ReadonlyArray<{ readonly caseId: number; readonly outcome: string; readonly uuid: string | null }> };

function fileJson(result: ImportedFile): Record<string, unknown> {
  return {
    file: result.file,
    format: result.format,
    rows: result.rows,
    readings: result.readings,
    skipped: result.skipped,
    rejected: result.rejected,
    duplicates: result.duplicates,
    unmatched_targets: result.unmatchedTargets,
    errors: result.errors.map((e) => ({ line: e.line, column: e.column, reason: e.reason })),
    unreadable_gpus: result.deadGpus.map((g) => ({ line: g.line, host: g.host, bus_id: g.busId, message: g.message })),
    ledger: result.ledger,
    profile: result.profile,
    saved_profile: result.savedProfile,
    swaps: result.swaps ?? [],
  };
}

/** One line of the conservation ledger: where every data cell of the file went. */
function ledgerLine(ledger: TelemetryLedger): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  const sum = (items: ReadonlyArray<{ count: number }>): number => items.reduce((a, b) => a + b.count, 0);
  const ignored = ledger.ignored.map((c) => `${c.column}: ${c.reason}`).join('; ');
  return (
    `  ledger: ${n(ledger.cellsRead)} cells = ${n(ledger.readings)} readings + ${n(sum(ledger.skipped))} skipped + ${n(sum(ledger.rejected))} rejected + ` +
    `${n(sum(ledger.collapsed))} collapsed + ${n(sum(ledger.ignored))} ignored${ignored ? ` (${ignored})` : ''}\n`
  );
}

function printSummary(io: CliIo, result: ImportedFile): void {
  const n = (value: number): string => value.toLocaleString('en-US');
  io.out(
    `${result.file}: ${result.format}, ${n(result.rows)} rows → ${n(result.readings)} readings` +
      `${result.duplicates > 0 ? ` (${n(result.duplicates)} already stored)` : ''}, ${n(result.skipped)} skipped, ${n(result.rejected)} rejected, ` +
      `${n(result.targets)} targets (${n(result.unmatchedTargets)} not in the inventory), ${result.seconds.toFixed(1)} s\n`,
  );
  io.out(ledgerLine(result.ledger));
  for (const error of result.errors.slice(0, 10)) io.out(`  line ${error.line}${error.column ? `, ${error.column}` : ''}: ${error.reason}\n`);
  if (result.rejected > 10) io.out(`  … ${n(result.rejected - 10)} more rejected rows (--json lists the first 100)\n`);
  for (const gpu of result.deadGpus.slice(0, 5)) io.out(`  line ${gpu.line}: GPU unreadable${gpu.host ? ` on ${gpu.host}` : ''}: ${gpu.message}\n`);
  for (const target of result.unmatched.slice(0, 5)) io.out(`  not in the inventory: ${target.label}${target.note ? ` (${target.note})` : ''}\n`);
  for (const swap of result.swaps ?? [])
    io.out(swap.outcome === 'verified' ? `  RMA case ${swap.caseId}: swap verified (${swap.uuid ?? 'new serial'} in the slot)\n` : `  RMA case ${swap.caseId}: the slot still reports the removed GPU — swap not confirmed\n`);
}

const importTelemetry: Command = {
  name: 'import telemetry',
  usage:
    "import telemetry FILE... [--format F] [--columns C] [--map 'COLUMN=ROLE[:UNIT]']... [--profile NAME] [--save-profile NAME] [--timezone TZ] [--room SITE/ROOM] [--target NAME] [--json]",
  summary: 'import nvidia-smi, DCGM, rack/PDU, CDU or long-format telemetry files (each all or nothing; Ctrl-C rolls back)',
  options: { ...IMPORT_OPTIONS, 'save-profile': { type: 'string' } },
  async run(args, io) {
    const files = args.positionals;
    if (files.length === 0) throw new UsageError('import telemetry needs at least one FILE');
    const options = importOptions(args);
    const controller = new AbortController();
    const onSignal = (): void => controller.abort();
    process.once('SIGINT', onSignal);
    const imported: ImportedFile[] = [];
    let failed = 0;
    try {
      await withDb(args, async (ctx) => {
        for (const file of files) {
          if (controller.signal.aborted) break;
          const onProgress = progressLine(io, path.basename(file));
          try {
            const result = await callLocal({ ...ctx, signal: controller.signal, ...(onProgress ? { onProgress } : {}) }, 'telemetry.import', {
              ...options,
              source: { path: path.resolve(file) },
            });
            if (onProgress) io.err('\n');
            imported.push({ ...result, file });
            if (!args.json) printSummary(io, result);
          } catch (error) {
            if (onProgress) io.err('\n');
            failed++;
            const message = error instanceof Error ? error.message : String(error);
            io.err(`floorwalk import telemetry: ${file}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
          }
        }
      });
    } finally {
      process.removeListener('SIGINT', onSignal);
    }
    if (args.json) printJson(io, { files: imported.map(fileJson) });
    return failed > 0 ? 1 : 0;
  },
};

const detect: Command = {
  name: 'telemetry detect',
  usage: "telemetry detect FILE [--format F] [--columns C] [--map 'COLUMN=ROLE[:UNIT]']... [--profile NAME] [--timezone TZ] [--room SITE/ROOM] [--target NAME] [--json]",
  summary: 'show what a telemetry file is and what importing it would store (format, columns → metrics, units, time zone, sample), writing nothing',
  options: IMPORT_OPTIONS,
  async run(args, io) {
    const file = args.positionals[0];
    if (file === undefined) throw new UsageError('telemetry detect needs a FILE');
    const result = await withDb(args, (ctx) => callLocal(ctx, 'telemetry.detect', { ...importOptions(args), source: { path: path.resolve(file) } }));
    if (args.json) {
      printJson(io, result);
      return 0;
    }
    io.out(`${result.file}: ${result.formatLabel} (${result.evidence}); ${result.encoding}${result.delimiter ? `, delimiter ${JSON.stringify(result.delimiter)}` : ''}${result.decimalComma ? ', decimal comma' : ''}\n`);
    printTable(
      io,
      ['column', 'use', 'metric', 'unit', 'from', 'note'],
      result.columns.map((c) => [c.column, c.use, c.metric ?? '', c.unit ?? '', c.fromUnit ?? '', c.note ?? '']),
    );
    const zones = result.timeZone.zones.map((z) => z.zone).join(', ');
    io.out(`time zone: ${result.timeZone.option ?? (zones || 'none needed (times carry their zone)')}\n`);
    io.out(`sample: ${result.sampleRows} rows, ${result.sampleTargets} targets (${result.sampleUnmatched} not in the inventory), ${result.sampleErrors.length} rejected\n`);
    for (const warning of result.warnings) io.out(`note: ${warning}\n`);
    if (result.profile) io.out(`profile: ${result.profile} applied\n`);
    else for (const note of offerNote(result.profiles)) io.out(`note: ${note}\n`);
    return 0;
  },
};

const profiles: Command = {
  name: 'telemetry profiles',
  usage: 'telemetry profiles [--delete NAME] [--json]',
  summary: 'saved column-map profiles: name, format, corrections, header fingerprint, uses (--delete NAME removes one)',
  options: { delete: { type: 'string' } },
  async run(args, io) {
    const remove = stringOption(args, 'delete');
    if (remove !== undefined) {
      const result = await withDb(args, (ctx) => callLocal(ctx, 'telemetry.profile.delete', { name: remove }));
      if (args.json) printJson(io, result);
      else io.out(result.deleted ? `profile ${remove} deleted\n` : `no profile ${remove}\n`);
      return result.deleted ? 0 : 1;
    }
    const list = await withDb(args, (ctx) => callLocal(ctx, 'telemetry.profiles', {}));
    if (args.json) {
      printJson(io, { profiles: list });
      return 0;
    }
    printTable(
      io,
      ['name', 'format', 'fingerprint', 'columns', 'corrections', 'time zone', 'uses', 'updated'],
      list.map((p) => [p.name, p.format, p.fingerprint, String(p.header.length), p.map.join('; '), p.timezone ?? '', String(p.uses), p.updatedAt.slice(0, 16).replace('T', ' ')]),
    );
    return 0;
  },
};

const saveProfile: Command = {
  name: 'telemetry profile save',
  usage: "telemetry profile save NAME FILE [--format F] [--columns C] [--map 'COLUMN=ROLE[:UNIT]']... [--profile BASE] [--timezone TZ] [--json]",
  summary: "save FILE's column map with the --map corrections as a profile, offered for the next file with the same header (imports nothing)",
  options: IMPORT_OPTIONS,
  async run(args, io) {
    const name = positional(args, 0, 'a profile NAME', this.usage);
    const file = positional(args, 1, 'a FILE', this.usage);
    const options = importOptions(args);
    const saved = await withDb(args, async (ctx) => {
      const detected = await callLocal(ctx, 'telemetry.detect', { ...options, source: { path: path.resolve(file) } });
      // The map detection applied: a base profile's corrections under the explicit ones.
      return callLocal(ctx, 'telemetry.profile.save', {
        name,
        format: detected.format,
        header: [...detected.header],
        map: [...detected.map],
        ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
        ...(options.columns !== undefined ? { columns: options.columns } : {}),
      });
    });
    if (args.json) printJson(io, saved);
    else io.out(`profile ${saved.name} saved (${saved.format}, fingerprint ${saved.fingerprint}): ${saved.map.join('; ') || 'no corrections'}\n`);
    return 0;
  },
};

const stats: Command = {
  name: 'telemetry stats',
  usage: 'telemetry stats [--metric M] [--json]',
  summary: 'per metric: unit, readings, min, max, first and last time; targets and unmatched targets',
  options: { metric: { type: 'string' } },
  async run(args, io) {
    const metric = stringOption(args, 'metric');
    const result = await withDb(args, (ctx) => callLocal(ctx, 'telemetry.stats', metric !== undefined ? { metric } : {}));
    if (args.json) {
      printJson(io, { metrics: result.metrics, targets: result.targets, unmatched_targets: result.unmatchedTargets });
      return 0;
    }
    const fmt = (value: number | null): string => (value === null ? '' : String(Number(value.toPrecision(6))));
    printTable(
      io,
      ['metric', 'unit', 'count', 'min', 'max', 'first', 'last'],
      result.metrics.map((m) => [m.metric, m.unit, m.count.toLocaleString('en-US'), fmt(m.min), fmt(m.max), m.first ?? '', m.last ?? '']),
    );
    io.out(`${result.targets.toLocaleString('en-US')} targets, ${result.unmatchedTargets.toLocaleString('en-US')} not in the inventory, ${result.imports} files imported\n`);
    return 0;
  },
};

const unmatched: Command = {
  name: 'telemetry unmatched',
  usage: 'telemetry unmatched [--room SITE/ROOM] [--limit N] [--json]',
  summary: 'targets in telemetry the inventory lacks, and inventory GPUs of reporting hosts that no file mentions',
  options: { room: { type: 'string' }, limit: { type: 'string' } },
  async run(args, io) {
    const roomText = stringOption(args, 'room');
    const limit = intOption(args, 'limit', 100);
    const result = await withDb(args, (ctx) => {
      const roomId = roomText !== undefined ? resolveRoom(ctx.db, roomText).id : undefined;
      return callLocal(ctx, 'telemetry.unmatched', { limit, ...(roomId !== undefined ? { roomId } : {}) });
    });
    if (args.json) {
      printJson(io, result);
      return 0;
    }
    io.out(`${result.total.toLocaleString('en-US')} targets not in the inventory:\n`);
    printTable(io, ['target', 'metrics', 'last reading', 'note'], result.targets.map((t) => [t.label, String(t.metrics), t.lastAt ?? '', t.note ?? '']));
    io.out(`\n${result.silentAcceleratorsTotal.toLocaleString('en-US')} inventory GPUs on reporting hosts that no file mentions:\n`);
    printTable(io, ['host', 'slot', 'serial', 'uuid', 'place'], result.silentAccelerators.map((a) => [a.host ?? '', String(a.slot), a.serial ?? '', a.uuid ?? '', a.place]));
    return 0;
  },
};

export const TELEMETRY_COMMANDS: readonly Command[] = [importTelemetry, detect, stats, unmatched, profiles, saveProfile];
