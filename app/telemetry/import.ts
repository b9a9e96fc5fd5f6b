import path from 'node:path';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { parseCsvText } from '../core/csv/parser';
import { Progress, type ProgressEvent, type ProgressSink } from '../core/progress';
import { detectFormat, type Detection } from './formats/detect';
import { InventoryResolver, type ResolvedTarget } from './engine/join';
import { METRICS, unitLabel } from './map/metrics';
import { NvidiaSmiParser, planNvsmiColumns } from './formats/nvidia-smi';
import { LongByteParser, LongRecordParser, longLayout, resolveLongMetric, type LongRole } from './formats/long';
import { PrometheusParser } from './formats/prometheus';
import { GrafanaParser, grafanaColumns } from './formats/grafana';
import { RedfishParser, redfishCsvLayout } from './formats/redfish';
import { TableParser, planTable } from './formats/table';
import { ImportRun, SampleSink, type ReadingSink } from './engine/run';
import { openSource, READ_CHUNK_BYTES, readSample, sourceName, type TelemetrySource } from './source/source';
import { ensureMetricIds, ReadingWriter } from './store/store';
import { beginBatch, discardBatch, endBatch } from './store/batches';
import { isValidTimeZone } from './map/time-zone';
import { discardUpload } from './source/uploads';
import { relinkUnmatched } from './engine/relink';
import { FORMAT_LABELS, type ColumnUse, type DetectedColumn, type TelemetryDetectResult, type TelemetryFormat, type TelemetryImportResult, type TimeZoneUse } from './types';
import { dcgmField } from './map/gpu-fields';
import { parseColumnOverrides, type ColumnOverride } from './map/overrides';
import { headerFingerprint } from './profiles/fingerprint';
import { checkProfile, markProfileUsed, matchingProfiles, mergeProfileMap, offerNote, requireProfile, saveProfile } from './profiles/profiles';
import type { TelemetryProfile } from './types';

export interface TelemetryOptions {
  readonly source: TelemetrySource;
  readonly format?: TelemetryFormat | undefined;
  /** nvidia-smi noheader: the --query-gpu field list, comma-separated. */
  readonly columns?: string | undefined;
  /** IANA zone for every naive time; default: each target's site zone. */
  readonly timezone?: string | undefined;
  /** SITE/ROOM for bare rack, sensor and CDU names. */
  readonly room?: string | undefined;
  /** The target of a file whose rows name none (one PDU's export). */
  readonly target?: string | undefined;
  /** Corrections of the column map, `COLUMN=ROLE[:UNIT]` each (--map). */
  readonly map?: readonly string[] | undefined;
  /** A saved profile to apply (its map, then `map` on top; its time zone, columns and format unless given). */
  readonly profile?: string | undefined;
  /** Import only: save the map applied under this name, for the next file with this header. */
  readonly saveProfile?: string | undefined;
}

export interface ImportContext {
  readonly actor: string;
  readonly onProgress?: ProgressSink | undefined;
  readonly signal?: AbortSignal | undefined;
}

const MAX_UNMATCHED_LISTED = 50;
/** How long one committed chunk of readings holds the write lock: a scan during an import waits about one chunk. */
const CHUNK_WRITE_MS = 150;
/**
 * The pause between chunks, the lock free: a writer of another process retries every ≤ 50 ms (its busy
 * handler), so it gets in within a few chunks; 15 ms of 165 costs the import about 9 %.
 */
const CHUNK_GAP_MS = 15;
const MAX_PREVIEW_METRICS = 60;

function longUse(role: LongRole | null): ColumnUse {
  switch (role) {
    case 'timestamp':
      return 'timestamp';
    case 'target':
      return 'target';
    case 'site':
    case 'room':
      return 'qualifier';
    case 'metric':
      return 'metric-name';
    case 'value':
      return 'value';
    case 'unit':
      return 'unit';
    case null:
      return 'ignored';
  }
}

interface Parser {
  push(bytes: Uint8Array): void;
  end(): void;
}

function checkOptions(options: TelemetryOptions): { columns: string[] | null; scope: { site?: string; room?: string }; overrides: ColumnOverride[] } {
  if (options.timezone !== undefined && !isValidTimeZone(options.timezone)) {
    throw new FloorwalkError('invalid_input', `"${options.timezone}" is not a time zone; use an IANA name such as Europe/Dublin or America/Phoenix.`, { field: 'timezone' });
  }
  const columns = options.columns !== undefined ? options.columns.split(',').map((c) => c.trim()).filter((c) => c !== '') : null;
  let scope: { site?: string; room?: string } = {};
  if (options.room !== undefined) {
    const parts = options.room.split('/').map((p) => p.trim());
    scope = parts.length >= 2 ? { site: parts[0] ?? '', room: parts[1] ?? '' } : { room: parts[0] ?? '' };
  }
  const overrides = parseColumnOverrides(options.map ?? []);
  if (overrides.length > 0 && (options.format === 'long' || options.format === 'dcgm-prometheus' || options.format === 'redfish')) {
    throw new FloorwalkError('invalid_input', `--map corrects the columns of column formats (nvidia-smi, dcgm-csv, rack-env, cdu); a ${options.format} file names its metric in each row.`, { field: 'map' });
  }
  return { columns, scope, overrides };
}

/** The options with a named profile applied: its corrections under the explicit ones, its defaults under the given ones. */
function withProfile(db: Db, options: TelemetryOptions): { options: TelemetryOptions; profile: TelemetryProfile | null } {
  if (options.profile === undefined) return { options, profile: null };
  const profile = requireProfile(db, options.profile);
  return {
    profile,
    options: {
      ...options,
      map: mergeProfileMap(profile, options.map ?? []),
      format: options.format ?? profile.format,
      ...(options.timezone === undefined && profile.timezone !== null ? { timezone: profile.timezone } : {}),
      ...(options.columns === undefined && profile.columns !== null ? { columns: profile.columns } : {}),
    },
  };
}

/** The header a map and a profile are about: the file's, or for noheader nvidia-smi the --columns list. */
function mapHeader(detection: Detection, columns: string[] | null): readonly string[] {
  return detection.header.length > 0 ? detection.header : (columns ?? []);
}

/** Says how MIG instances were kept: per instance, each under its GPU (never folded onto it). */
function migNote(resolved: readonly ResolvedTarget[]): string[] {
  const instances = resolved.filter((t) => t.identity.mig !== undefined).length;
  if (instances === 0) return [];
  return [`${instances} MIG instance${instances === 1 ? '' : 's'} stored per instance, each a target under its GPU (telemetry unmatched lists them with their GPU); none is folded onto the GPU's readings.`];
}

function fileStem(name: string): string {
  return path.basename(name).replace(/\.(csv|txt|tsv|log|prom|metrics|out)$/i, '');
}

function makeParser(run: ImportRun, detection: Detection, options: TelemetryOptions, columns: string[] | null, modifiedMs: number | null, name: string): Parser {
  const stem = fileStem(name);
  switch (detection.format) {
    case 'nvidia-smi':
      return new NvidiaSmiParser(run, { columns, defaultHost: options.target ?? stem, overrides: parseColumnOverrides(options.map ?? []), fileTimeMs: modifiedMs });
    case 'dcgm-prometheus':
      return new PrometheusParser(run, modifiedMs, options.target ?? null);
    case 'grafana':
      return new GrafanaParser(run, { delimiter: detection.delimiter, dateOrder: detection.dateOrder, defaultHost: options.target ?? null });
    case 'redfish':
      return new RedfishParser(run, {
        layout: detection.header.length === 0 ? 'json' : (redfishCsvLayout(detection.header) ?? 'values'),
        delimiter: detection.delimiter,
        dateOrder: detection.dateOrder,
        defaultTarget: options.target ?? stem,
      });
    case 'long':
      return detection.fastLong ? new LongByteParser(run, detection.dateOrder) : new LongRecordParser(run, detection.delimiter, detection.dateOrder);
    case 'dcgm-csv':
    case 'rack-env':
    case 'cdu':
      return new TableParser(run, {
        kind: detection.format === 'dcgm-csv' ? 'dcgm' : detection.format === 'cdu' ? 'cdu' : 'env',
        delimiter: detection.delimiter,
        dateOrder: detection.dateOrder,
        target: options.target ?? null,
        fileStem: detection.format === 'dcgm-csv' ? null : stem,
        overrides: parseColumnOverrides(options.map ?? []),
      });
  }
}

/** The zone most matched targets of a sample stand in: for naive times of targets the inventory lacks. */
function fallbackZone(db: Db, resolved: readonly ResolvedTarget[]): string | null {
  const counts = new Map<string, number>();
  for (const target of resolved) if (target.zone) counts.set(target.zone, (counts.get(target.zone) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [zone, count] of counts) {
    if (count > bestCount) {
      best = zone;
      bestCount = count;
    }
  }
  if (best) return best;
  const zones = db.prepare('SELECT DISTINCT timezone FROM sites').pluck().all() as string[];
  return zones.length === 1 ? (zones[0] ?? null) : null;
}

function timeZoneUse(run: ImportRun, option: string | null, fallback: string | null): TimeZoneUse {
  return {
    option,
    fallback,
    zones: [...run.zonesUsed].map(([zone, rows]) => ({ zone, rows })).sort((a, b) => b.rows - a.rows),
    ambiguous: run.timeStats.ambiguous,
    nonexistent: run.timeStats.nonexistent,
  };
}

/** The sample bytes up to the last complete line, so a preview never reports a cut row that is not one. */
function wholeLines(bytes: Uint8Array, complete: boolean): Uint8Array {
  if (complete) return bytes;
  const last = bytes.lastIndexOf(0x0a);
  return last >= 0 ? bytes.subarray(0, last + 1) : bytes;
}

interface SampleRun {
  readonly run: ImportRun;
  readonly sink: SampleSink;
  readonly parser: Parser;
}

function runSample(db: Db, bytes: Uint8Array, detection: Detection, options: TelemetryOptions, columns: string[] | null, scope: { site?: string; room?: string }, modifiedMs: number | null, name: string, zone: string | null): SampleRun {
  const sink = new SampleSink();
  const run = new ImportRun(new InventoryResolver(db, scope), sink, options.timezone ?? null, zone);
  const parser = makeParser(run, detection, options, columns, modifiedMs, name);
  try {
    parser.push(bytes);
    parser.end();
  } catch (error) {
    if (!(error instanceof FloorwalkError)) throw error;
    run.note(error.message);
  }
  return { run, sink, parser };
}

/** What the preview shows for a format whose columns are metrics (long, Prometheus): the names met in the sample. */
function metricColumns(names: Iterable<string>, resolve: (name: string) => string | null): DetectedColumn[] {
  const out: DetectedColumn[] = [];
  for (const name of names) {
    const metric = resolve(name);
    const def = metric ? METRICS.find((m) => m.name === metric) : undefined;
    out.push(
      def
        ? { column: name, use: 'metric', metric: def.name, unit: unitLabel(def.unit), fromUnit: null, note: null }
        : { column: name, use: 'ignored', metric: null, unit: null, fromUnit: null, note: 'not in the vocabulary' },
    );
  }
  return out;
}

function detectedColumns(detection: Detection, sample: SampleRun, columns: string[] | null, text: string, options: TelemetryOptions): DetectedColumn[] {
  switch (detection.format) {
    case 'nvidia-smi': {
      const cells = detection.header.length > 0 ? detection.header : (columns ?? []);
      return planNvsmiColumns(cells, parseColumnOverrides(options.map ?? [])).columns;
    }
    case 'dcgm-csv':
    case 'rack-env':
    case 'cdu': {
      const plan = sample.parser instanceof TableParser ? sample.parser.tablePlan : null;
      if (plan) return [...plan.detected];
      return planTable(detection.header, detection.format === 'dcgm-csv' ? 'dcgm' : detection.format === 'cdu' ? 'cdu' : 'env', parseColumnOverrides(options.map ?? []))?.detected.slice() ?? [];
    }
    case 'grafana':
      return grafanaColumns(detection.header);
    case 'redfish': {
      // The points met in the sample, after the CSV's own columns (JSON has none).
      const points = sample.parser instanceof RedfishParser ? sample.parser.detected : [];
      const own = detection.header
        .filter((h) => !points.some((p) => p.column === h.trim()))
        .map((h): DetectedColumn => ({ column: h.trim(), use: /^timestamp$/i.test(h.trim()) ? 'timestamp' : /^MetricValue$/.test(h.trim()) ? 'value' : /^(MetricId|MetricProperty)$/.test(h.trim()) ? 'metric-name' : 'ignored', metric: null, unit: null, fromUnit: null, note: null }));
      return [...own, ...points];
    }
    case 'dcgm-prometheus': {
      const names = new Set<string>();
      for (const line of text.split('\n')) {
        const m = /^([A-Za-z_:][A-Za-z0-9_:]*)[{\s]/.exec(line);
        if (m?.[1] && !line.startsWith('#')) names.add(m[1]);
      }
      return metricColumns(names, (name) => dcgmField(name)?.metric ?? null);
    }
    case 'long': {
      const layout = longLayout(detection.header);
      const header = detection.header.map((cell, i): DetectedColumn => ({ column: cell.trim(), use: longUse(layout?.roles[i] ?? null), metric: null, unit: null, fromUnit: null, note: null }));
      const names = new Set<string>();
      if (layout) {
        const table = parseCsvText(text, detection.delimiter ? { delimiter: detection.delimiter } : {});
        for (const record of table.records) {
          const name = (record.fields[layout.metric] ?? '').trim();
          if (name !== '' && names.size < MAX_PREVIEW_METRICS) names.add(name);
        }
      }
      return [...header, ...metricColumns(names, (name) => METRICS[resolveLongMetric(name)?.metric ?? -1]?.name ?? null)];
    }
  }
}

/** telemetry.detect: what a file is and what an import of it would store, from its first 64 KB, writing nothing. */
export async function detectTelemetry(db: Db, given: TelemetryOptions): Promise<TelemetryDetectResult> {
  const { options, profile } = withProfile(db, given);
  const { columns, scope } = checkOptions(options);
  const sample = await readSample(options.source);
  const detection = detectFormat(sample.bytes, sample.complete, { format: options.format, hasColumns: columns !== null, overrides: parseColumnOverrides(options.map ?? []), ...(columns ? { columnCount: columns.length } : {}) });
  const bytes = wholeLines(sample.bytes, sample.complete);
  const probe = runSample(db, bytes, detection, options, columns, scope, sample.modifiedMs, sample.name, null);
  const zone = options.timezone ? null : fallbackZone(db, probe.run.resolved);
  const result = runSample(db, bytes, detection, options, columns, scope, sample.modifiedMs, sample.name, zone);
  const { run, sink } = result;
  const unmatched = new Set(run.resolved.filter((t) => t.kind === 'unmatched').map((t) => t.key));
  const text = new TextDecoder().decode(bytes);
  const header = mapHeader(detection, columns);
  const fingerprint = headerFingerprint(header);
  const offered = matchingProfiles(db, fingerprint);
  return {
    file: sample.name,
    format: detection.format,
    formatLabel: FORMAT_LABELS[detection.format],
    // A format taken from the profile is not the technician's forcing: say where it came from.
    evidence: profile && given.format === undefined ? `the format of profile "${profile.name}"` : detection.evidence,
    encoding: detection.encoding,
    delimiter: detection.delimiter ?? (detection.format === 'nvidia-smi' ? ', ' : null),
    decimalComma: detection.decimalComma,
    dateOrder: detection.dateOrderCertain === null ? null : detection.dateOrder === 'dmy' ? 'DD/MM/YYYY' : 'MM/DD/YYYY',
    columns: detectedColumns(detection, result, columns, text, options),
    needsColumns: detection.needsColumns,
    timeZone: timeZoneUse(run, options.timezone ?? null, zone),
    sample: sink.describe(run),
    sampleRows: run.rows,
    sampleTargets: new Set(run.resolved.map((t) => t.key)).size,
    sampleUnmatched: unmatched.size,
    sampleErrors: run.errors.slice(0, 20),
    warnings: [...detection.warnings, ...run.notes],
    header: header.map((h) => h.replace(/^\ufeff/, '').trim()),
    fingerprint,
    profile: profile?.name ?? null,
    map: options.map ?? [],
    profiles: offered,
  };
}

function noUsableRow(name: string, run: ImportRun): FloorwalkError {
  const first = run.errors[0];
  const skipped = [...run.skippedBy].sort((a, b) => b[1] - a[1])[0];
  let why: string;
  if (run.rows === 0) why = run.notes[0] ?? 'it has no data rows';
  else if (first) why = `${run.rejected.toLocaleString('en-US')} of ${run.rows.toLocaleString('en-US')} rows rejected (first: line ${first.line}${first.column ? `, ${first.column}` : ''}: ${first.reason})`;
  else if (skipped) why = `every value was a placeholder or sentinel (${skipped[0]}: ${skipped[1].toLocaleString('en-US')})`;
  else if (run.ignoredMetrics.size > 0) why = `none of its ${run.ignoredMetrics.size} metrics is one Floorwalk imports`;
  else why = 'no row held a reading';
  return new FloorwalkError('invalid_input', `No usable row in ${name}: ${why}. Nothing was written.`, first ? { line: first.line, column: first.column } : {});
}

/**
 * telemetry.import: one file, all or nothing. Detection reads the first 64 KB; then the file streams
 * through its parser in 1 MiB chunks, with progress (bytes, rows) and a cancel check between chunks. The
 * readings commit in chunks under a pending batch nobody sees (store/batches.ts), so other writers get the
 * lock between chunks; the last commit makes the whole file visible. A cancel, an unreadable file, a file
 * with no usable row or a ledger that does not balance discards the batch: nothing of the file remains.
 */
export async function importTelemetry(db: Db, given: TelemetryOptions, context: ImportContext): Promise<TelemetryImportResult> {
  const started = performance.now();
  const { options, profile } = withProfile(db, given);
  const { columns, scope } = checkOptions(options);
  const name = sourceName(options.source);
  const sample = await readSample(options.source);
  const detection = detectFormat(sample.bytes, sample.complete, { format: options.format, hasColumns: columns !== null, overrides: parseColumnOverrides(options.map ?? []), ...(columns ? { columnCount: columns.length } : {}) });
  if (detection.needsColumns) {
    throw new FloorwalkError('invalid_input', `${sample.name} has no header line (nvidia-smi ran with noheader): pass --columns with the --query-gpu field list, e.g. --columns timestamp,uuid,temperature.gpu,power.draw.`, {
      field: 'columns',
    });
  }
  if (options.saveProfile !== undefined) checkProfile(options.saveProfile, detection.format);
  const zone = options.timezone ? null : fallbackZone(db, runSample(db, wholeLines(sample.bytes, sample.complete), detection, options, columns, scope, sample.modifiedMs, sample.name, null).run.resolved);

  const opened = await openSource(options.source);
  let batch: number | null = null;
  let writer: ReadingWriter | null = null;
  try {
    batch = beginBatch(db, opened.name, context.actor);
    const importId = batch;
    const resolver = new InventoryResolver(db, scope);
    const relinked = db.transaction(() => relinkUnmatched(db, resolver))();
    const store = new ReadingWriter(db, importId);
    writer = store;
    const metricIds = db.transaction(() => ensureMetricIds(db))();
    const metricDbIds = METRICS.map((m) => metricIds.get(m.name) ?? 0);
    const sink: ReadingSink = {
      add: (metric, target, ts, value) => store.add(metricDbIds[metric] as number, target, ts, value),
    };
    const run = new ImportRun(resolver, sink, options.timezone ?? null, zone, (resolved) => store.addTarget(resolved));
    const parser = makeParser(run, detection, options, columns, opened.modifiedMs, opened.name);
    const progress = new Progress(
      context.onProgress ? (event: ProgressEvent) => context.onProgress?.({ ...event, rows: run.rows, readings: run.usableRows } as ProgressEvent) : undefined,
    );
    const ticker = progress.phase(`Importing ${opened.name}`, opened.size);
    const chunk = new Uint8Array(READ_CHUNK_BYTES);
    for (;;) {
      if (context.signal?.aborted) throw new FloorwalkError('cancelled', `Import of ${opened.name} cancelled; nothing was written.`);
      const read = await opened.read(chunk);
      if (read === 0) break;
      // Reading the file takes no lock: full buffers of readings are sorted to disk (store/runs.ts).
      parser.push(chunk.subarray(0, read));
      ticker.tick(read);
      // Let a cancel message (worker, HTTP, IPC) in even when the source never waits (text uploads).
      await yieldToEventLoop();
    }
    parser.end();
    run.closeRow();
    if (context.signal?.aborted) throw new FloorwalkError('cancelled', `Import of ${opened.name} cancelled; nothing was written.`);
    if (run.usableRows === 0) throw noUsableRow(opened.name, run);
    store.endOfFile();
    while (store.hasPending) {
      store.writeSome(CHUNK_WRITE_MS);
      // A pause between chunks lets a writer of another process, waiting for the lock, in.
      await sleep(CHUNK_GAP_MS);
      if (context.signal?.aborted) throw new FloorwalkError('cancelled', `Import of ${opened.name} cancelled; nothing was written.`);
    }
    const written = store.totals();
    const ledger = run.ledger.settle(written.inserted, written.duplicates);
    if (!ledger.balanced) {
      // A value neither stored nor counted is the silent loss this importer exists to prevent: refuse.
      throw new FloorwalkError('internal', `The import of ${opened.name} does not add up (${ledger.problems.join('; ')}); nothing was written. Please report this file.`);
    }
    const unmatchedKeys = new Map<string, ResolvedTarget>();
    // A MIG instance of an inventory GPU is kept as its own target, not missing from the inventory.
    for (const target of run.resolved) if (target.kind === 'unmatched' && !target.key.startsWith('mig:accelerator:')) unmatchedKeys.set(target.key, target);
    const targets = new Set(run.resolved.map((t) => t.key)).size;
    const header = mapHeader(detection, columns);
    // The last commit: the batch becomes the import, and the whole file becomes visible at once.
    const { totals, saved } = db.transaction(() => {
      const done = store.complete();
      db.prepare(
        `INSERT INTO telemetry_imports (id, at, actor, file, format, bytes, rows, readings, duplicates, skipped, rejected, unmatched_targets, first_ts, last_ts, time_zone)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        importId,
        new Date().toISOString(),
        context.actor,
        opened.name,
        detection.format,
        opened.size,
        run.rows,
        done.inserted,
        done.duplicates,
        run.skipped,
        run.rejected,
        unmatchedKeys.size,
        done.firstTs,
        done.lastTs,
        options.timezone ?? 'site',
      );
      if (profile) markProfileUsed(db, profile.name);
      const savedProfile =
        options.saveProfile !== undefined
          ? saveProfile(db, { name: options.saveProfile, format: detection.format, header, map: options.map ?? [], timezone: options.timezone ?? null, columns: options.columns ?? null }, context.actor)
          : null;
      return { totals: done, saved: savedProfile };
    })();
    endBatch(importId);
    batch = null;
    const offered = profile || saved ? [] : matchingProfiles(db, headerFingerprint(header));
    ticker.finish();
    return {
      file: name,
      format: detection.format,
      importId,
      bytes: opened.size,
      rows: run.rows,
      readings: totals.inserted,
      duplicates: totals.duplicates,
      skipped: run.skipped,
      skippedBy: [...run.skippedBy].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
      rejected: run.rejected,
      errors: run.errors,
      targets,
      unmatchedTargets: unmatchedKeys.size,
      unmatched: [...unmatchedKeys.values()].slice(0, MAX_UNMATCHED_LISTED).map((t) => ({ key: t.key, label: t.label, note: t.note })),
      ignoredMetrics: [...run.ignoredMetrics].map(([metric, count]) => ({ name: metric, count })),
      deadGpus: run.deadGpus,
      timeZone: timeZoneUse(run, options.timezone ?? null, zone),
      firstAt: totals.firstTs !== null ? new Date(totals.firstTs).toISOString() : null,
      lastAt: totals.lastTs !== null ? new Date(totals.lastTs).toISOString() : null,
      relinked,
      notes: [
        ...detection.warnings,
        ...run.notes,
        ...offerNote(offered),
        ...migNote(run.resolved),
        ...(relinked > 0 ? [`${relinked} target${relinked === 1 ? '' : 's'} from earlier imports that the inventory lacked ${relinked === 1 ? 'is' : 'are'} in it now; ${relinked === 1 ? 'its' : 'their'} readings moved onto ${relinked === 1 ? 'it' : 'them'}.`] : []),
      ],
      ledger,
      profile: profile?.name ?? null,
      savedProfile: saved?.name ?? null,
      seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
    };
  } catch (error) {
    // Nobody ever saw the batch; deleting it leaves the database as it was before the file.
    if (batch !== null) {
      try {
        discardBatch(db, batch);
      } catch {
        // The file's own error is the one to report; the batch stays invisible and the next start discards it.
        endBatch(batch);
      }
    }
    throw error;
  } finally {
    writer?.dispose();
    await opened.close();
    // A staged upload is read once: imported or not, the console uploads again for another try.
    if ('upload' in options.source) discardUpload(options.source.upload);
  }
}
