import { FloorwalkError } from '../../core/errors';
import { checkOverridesAgainst, overrideMeaning, type ColumnOverride } from '../map/overrides';
import { CellReader, makeCellPlan, type CellPlan } from '../engine/cells';
import { looksLikeNvsmiField, nvsmiField, splitNvsmiHeader, type IdentityRole } from '../map/gpu-fields';
import { normaliseBusId, type TargetIdentity } from '../map/identity';
import { LineSplitter } from '../source/lines';
import type { ImportRun } from '../engine/run';
import { isTimestampLine, parseTimestampText, type TimeOut } from '../map/timestamps';
import { parseUnit } from '../map/units';
import type { DetectedColumn } from '../types';
import { unitLabel, METRICS } from '../map/metrics';

/**
 * nvidia-smi `--query-gpu=… --format=csv[,nounits][,noheader]`, as captured on real hosts: `", "`
 * separators, units in the header and (unless nounits) in the values, placeholders such as `[N/A]`,
 * headers repeated by cron appends, `pdsh` fan-out (`host: ` prefixes, `pdsh@mgmt: host: ssh exited`
 * notices), `date` lines between runs, NVML error lines where a dead GPU's row would be, and a truncated
 * last row when the file was copied mid-write.
 */

const PDSH_PREFIX = /^([A-Za-z0-9][A-Za-z0-9._-]*): (.*)$/;
const NVML_DEVICE_ERROR = /^Unable to determine the device handle for GPU\s*(?:\d+:\s*)?([0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\.\d)\s*:\s*(.*)$/;
const HOST_LEVEL_FAILURE = /^(No devices were found|NVIDIA-SMI has failed|Failed to initialize NVML|Unable to determine the device handle)/;
const TAIL_BANNER = /^==> .* <==$/;
/** nvidia-smi's answer for a GPU that fell off the bus or needs a reset; its cells are placeholders. */
const GPU_UNREADABLE = /\[GPU (is lost|requires reset)\]/i;

interface ColumnPlan {
  readonly header: string;
  readonly role: IdentityRole | null;
  readonly cell: CellPlan | null;
  readonly note: string | null;
}

interface Plan {
  readonly columns: readonly ColumnPlan[];
  readonly firstField: string;
  readonly timestamp: number;
  readonly uuid: number;
  readonly serial: number;
  readonly bus: number;
  readonly index: number;
  /** Columns whose cells are values (the ledger's data cells of a row). */
  readonly valueCells: number;
  readonly ignored: ReadonlyArray<{ readonly index: number; readonly column: string; readonly reason: string }>;
}

/** Builds the column plan from header cells (or the --columns list of a noheader file). */
export function planNvsmiColumns(cells: readonly string[], overrides: readonly ColumnOverride[] = []): { plan: Plan; columns: DetectedColumn[] } {
  const columns: ColumnPlan[] = [];
  const detected: DetectedColumn[] = [];
  const find = (role: IdentityRole): number => columns.findIndex((c) => c.role === role);
  for (const raw of cells) {
    const header = raw.trim();
    const { field, unit: unitText } = splitNvsmiHeader(header);
    const override = overrides.find((o) => o.column === header || o.column === field);
    if (override) {
      const corrected = nvsmiOverride(header, override);
      columns.push(corrected.column);
      detected.push(corrected.detected);
      continue;
    }
    const meaning = nvsmiField(field);
    if (meaning?.role) {
      columns.push({ header, role: meaning.role, cell: null, note: null });
      detected.push({ column: header, use: meaning.role === 'timestamp' ? 'timestamp' : meaning.role === 'model' ? 'ignored' : 'target', metric: null, unit: null, fromUnit: null, note: meaning.role });
      continue;
    }
    if (!meaning?.metric || !meaning.kind) {
      columns.push({ header, role: null, cell: null, note: 'not imported' });
      detected.push({ column: header, use: 'ignored', metric: null, unit: null, fromUnit: null, note: 'not in the vocabulary' });
      continue;
    }
    const unit = unitText !== '' ? parseUnit(unitText) : meaning.defaultUnit ? parseUnit(meaning.defaultUnit) : null;
    const cell = makeCellPlan(header, meaning.metric, meaning.kind, unit, { combineMax: meaning.combine === 'max' });
    if (typeof cell === 'string') {
      columns.push({ header, role: null, cell: null, note: cell });
      detected.push({ column: header, use: 'ignored', metric: null, unit: null, fromUnit: null, note: cell });
      continue;
    }
    const def = METRICS[cell.metric];
    columns.push({ header, role: null, cell, note: null });
    detected.push({
      column: header,
      use: 'metric',
      metric: def?.name ?? null,
      unit: def ? unitLabel(def.unit) : null,
      fromUnit: unitText !== '' ? unitText : null,
      note: meaning.kind === 'throttle' ? 'also gives throttle_thermal and throttle_power' : null,
    });
  }
  const plan: Plan = {
    columns,
    firstField: splitNvsmiHeader(cells[0] ?? '').field.toLowerCase(),
    timestamp: find('timestamp'),
    uuid: find('uuid'),
    serial: find('serial'),
    bus: find('bus'),
    index: find('index'),
    valueCells: columns.filter((c) => c.cell !== null).length,
    ignored: detected.flatMap((c, index) => (c.use === 'ignored' ? [{ index, column: c.column, reason: c.note === 'model' ? 'the GPU model is not a reading' : (c.note ?? 'not imported') }] : [])),
  };
  return { plan, columns: detected };
}

/** A corrected column of an nvidia-smi file: a metric (with its unit) or ignored; identity columns stay as nvidia-smi names them. */
function nvsmiOverride(header: string, override: ColumnOverride): { column: ColumnPlan; detected: DetectedColumn } {
  const meaning = overrideMeaning(override);
  if (meaning.role === 'ignored') {
    return { column: { header, role: null, cell: null, note: 'ignored' }, detected: { column: header, use: 'ignored', metric: null, unit: null, fromUnit: null, note: meaning.note ?? null } };
  }
  if (meaning.role !== 'metric' || !meaning.metric) {
    throw new FloorwalkError('invalid_input', `--map "${override.column}=${override.role}": an nvidia-smi column can be corrected to a metric or to ignore; its identity columns are named by --query-gpu.`, { field: 'map' });
  }
  const cell = makeCellPlan(header, meaning.metric, meaning.valueKind === 'flag' ? 'flag' : 'number', meaning.unit ?? null);
  if (typeof cell === 'string') throw new FloorwalkError('invalid_input', `--map "${override.column}": ${cell}`, { field: 'map' });
  const def = METRICS[cell.metric];
  return {
    column: { header, role: null, cell, note: null },
    detected: { column: header, use: 'metric', metric: def?.name ?? null, unit: def ? unitLabel(def.unit) : null, fromUnit: override.unit, note: meaning.note ?? null },
  };
}

/** A header line: its cells are nvidia-smi field names. */
export function isNvsmiHeader(body: string): boolean {
  // Field names start with a lower-case letter; data rows start with a digit, "[N/A]", "GPU-", "NVIDIA …" or "P0".
  const first = body.charCodeAt(0);
  if (first < 97 || first > 122) return false;
  const cells = body.split(',');
  if (cells.length === 0) return false;
  let fields = 0;
  for (const cell of cells) if (looksLikeNvsmiField(cell)) fields++;
  return looksLikeNvsmiField(cells[0] ?? '') && fields * 2 >= cells.length;
}

/** Strips a pdsh `host: ` prefix; null host when there is none. */
export function splitPdsh(text: string): { host: string | null; body: string } {
  if (text.startsWith('pdsh@')) return { host: null, body: text };
  const m = PDSH_PREFIX.exec(text);
  if (m) return { host: m[1] ?? null, body: m[2] ?? '' };
  return { host: null, body: text };
}

export interface NvsmiOptions {
  /** --columns for a noheader file. */
  readonly columns: readonly string[] | null;
  /** The host of lines without a pdsh prefix (--target, else the file name), for host + bus id matching. */
  readonly defaultHost: string | null;
  /** The technician's corrections of the column map (--map). */
  readonly overrides: readonly ColumnOverride[];
  /** The file's modification time (UTC ms): the time of rows when the file has neither a timestamp column nor date lines. */
  readonly fileTimeMs: number | null;
}

export class NvidiaSmiParser {
  private readonly lines: LineSplitter;
  private readonly plans = new Map<string, Plan>();
  /** The last header seen: pdsh interleaves hosts, and a host whose header line was lost uses its peers'. */
  private lastPlan: Plan | null = null;
  private readonly fallbackPlan: Plan | null;
  private readonly hostTime = new Map<string, TimeOut>();
  private readonly cells: CellReader;
  private readonly time: TimeOut = { ms: 0, naive: true };
  private warnedNoHeader = false;
  private usedFileTime = false;

  constructor(
    private readonly run: ImportRun,
    private readonly options: NvsmiOptions,
  ) {
    this.cells = new CellReader(run);
    this.fallbackPlan = options.columns ? planNvsmiColumns(options.columns, options.overrides).plan : null;
    this.lines = new LineSplitter((text, line, terminated) => this.line(text, line, terminated));
  }

  push(bytes: Uint8Array): void {
    this.lines.push(bytes);
  }

  end(): void {
    this.lines.end();
  }

  private line(text: string, line: number, terminated: boolean): void {
    const run = this.run;
    if (text.trim() === '') return;
    if (text.startsWith('pdsh@')) {
      run.skip('pdsh notice line');
      return;
    }
    if (TAIL_BANNER.test(text.trim())) return;
    const { host: prefixHost, body: rawBody } = splitPdsh(text);
    const body = rawBody.trim();
    const hostKey = prefixHost ?? '';
    const host = prefixHost ?? this.options.defaultHost;
    if (body === '') return;
    const nvml = NVML_DEVICE_ERROR.exec(body);
    if (nvml) {
      run.deadGpu({ line, host, busId: normaliseBusId(nvml[1] ?? ''), message: body });
      return;
    }
    if (HOST_LEVEL_FAILURE.test(body)) {
      run.skip('nvidia-smi error line');
      run.note(`Line ${line}${host ? ` (${host})` : ''}: ${body}`);
      return;
    }
    if (isNvsmiHeader(body)) {
      const names = body.split(',').map((c) => c.trim());
      checkOverridesAgainst(this.options.overrides, names, names.map((c) => splitNvsmiHeader(c).field));
      const plan = planNvsmiColumns(body.split(','), this.options.overrides).plan;
      this.plans.set(hostKey, plan);
      this.lastPlan = plan;
      return;
    }
    if (!body.includes(',') && isTimestampLine(body)) {
      const at: TimeOut = { ms: 0, naive: true };
      if (parseTimestampText(body, 'mdy', at)) this.hostTime.set(hostKey, at);
      return;
    }
    const plan = this.plans.get(hostKey) ?? this.plans.get('') ?? this.lastPlan ?? this.fallbackPlan;
    run.beginRow(line, plan?.valueCells ?? 1);
    if (!plan) {
      if (!this.warnedNoHeader) run.note('The file has no header line (nvidia-smi ran with noheader): pass --columns with the --query-gpu field list.');
      this.warnedNoHeader = true;
      run.rejectRow('', 'no header line before this row; nvidia-smi ran with noheader, so pass --columns with the --query-gpu fields');
      return;
    }
    const fields = body.split(',');
    for (const column of plan.ignored) if (column.index < fields.length) run.ledger.ignore(column.column, column.reason, 1);
    if (fields.length !== plan.columns.length) {
      run.rejectRow(
        '',
        terminated
          ? `${fields.length} fields where the header has ${plan.columns.length}`
          : `the last line is cut short (${fields.length} of ${plan.columns.length} fields): the file was copied while nvidia-smi was writing it`,
      );
      return;
    }
    if (!terminated && plan.columns.length > 0) {
      // A complete-looking last line without its line break may still have lost digits of its last value.
      const lastCell = (fields[fields.length - 1] ?? '').trim();
      if (lastCell === '') {
        run.rejectRow(plan.columns[plan.columns.length - 1]?.header ?? '', 'the last line is cut short: the file was copied while nvidia-smi was writing it');
        return;
      }
    }
    this.row(plan, fields, host, hostKey, line, body);
  }

  /** The file time, once noted, for a file whose rows carry no time at all. */
  private fileTime(line: number): TimeOut | undefined {
    const ms = this.options.fileTimeMs;
    if (ms === null) return undefined;
    if (!this.usedFileTime) {
      this.usedFileTime = true;
      this.run.note(`The file has no timestamp column and no date line (from line ${line}): its readings are stored at the file's modification time, ${new Date(ms).toISOString()}.`);
    }
    return { ms, naive: false };
  }

  private row(plan: Plan, fields: readonly string[], host: string | null, hostKey: string, line: number, body: string): void {
    const run = this.run;
    const cell = (index: number): string => (index >= 0 ? (fields[index] ?? '').trim() : '');
    const uuid = cell(plan.uuid);
    const serial = cell(plan.serial);
    const busText = cell(plan.bus);
    const index = cell(plan.index);
    const usable = (text: string): boolean => text !== '' && !text.startsWith('[') && text !== 'N/A';
    const bus = usable(busText) ? normaliseBusId(busText) : null;
    let cacheKey: string;
    if (usable(uuid)) cacheKey = `u:${uuid}`;
    else if (usable(serial)) cacheKey = `s:${serial}`;
    else if (host && bus) cacheKey = `h:${host}/${bus}`;
    else if (host && index !== '') cacheKey = `i:${host}#${index}`;
    else {
      run.rejectRow('uuid', 'the row names no GPU: query uuid, serial or pci.bus_id (with a pdsh host prefix)');
      return;
    }
    const target = run.target(cacheKey, () => {
      const identity: { -readonly [K in keyof TargetIdentity]: TargetIdentity[K] } = { hint: 'gpu' };
      if (usable(uuid)) identity.uuid = uuid;
      if (usable(serial)) identity.serial = serial;
      if (host) identity.host = host;
      if (bus) identity.busId = bus;
      if (index !== '') identity.gpuIndex = index;
      return identity;
    });

    let at: TimeOut | undefined;
    if (plan.timestamp >= 0) {
      const text = cell(plan.timestamp);
      if (!parseTimestampText(text, 'mdy', this.time)) {
        run.rejectRow(plan.columns[plan.timestamp]?.header ?? 'timestamp', `"${text}" is not a timestamp`);
        return;
      }
      at = this.time;
    } else {
      at = this.hostTime.get(hostKey) ?? this.fileTime(line);
      if (!at) {
        run.rejectRow('timestamp', 'no timestamp: add timestamp to --query-gpu, or a date line before the run');
        return;
      }
    }
    if (body.includes('[GPU ')) {
      const lost = GPU_UNREADABLE.exec(body);
      if (lost) run.unreadableGpu({ line, host, busId: bus, message: `${uuid || serial || busText || `GPU ${index}`}: ${lost[0]}` });
    }
    for (let i = 0; i < plan.columns.length; i++) {
      const column = plan.columns[i];
      if (!column?.cell) continue;
      this.cells.read(column.cell, fields[i] ?? '', false);
      if (run.rowIsRejected) return;
    }
    run.endRow(target, run.utc(target, at));
  }
}
