import { CsvDecoder } from '../../core/csv/decode';
import { CsvParser, parseCsvText } from '../../core/csv/parser';
import type { CsvDelimiter } from '../../core/csv/types';
import { FloorwalkError } from '../../core/errors';
import { CellReader, makeCellPlan, type CellPlan } from '../engine/cells';
import { interpretColumn } from '../map/columns';
import { dcgmField, nvsmiField, splitNvsmiHeader, type ValueKind } from '../map/gpu-fields';
import { METRICS, metricIndex, type MetricDef } from '../map/metrics';
import type { ImportRun } from '../engine/run';
import { ByteInterner, scanDecimal, TimeScanner, type ScannedTime } from '../source/byte-scan';
import { parseTimestampText, type DateOrder, type TimeOut } from '../map/timestamps';
import { converterFor, parseUnit, type Converter, type UnitSpec } from '../map/units';
import { sentinelReason } from '../map/values';

/**
 * The generic long format, one reading per line: `timestamp,target,metric,value[,unit]` (columns in any
 * order, names as below). The target is free text matched against the inventory (GPU UUID, host/bus id,
 * hostname, serial, SITE/ROOM/rack, sensor or CDU name, or a `rack:`/`sensor:`/`cdu:`/`gpu:` prefix); the
 * metric is a vocabulary name or any name the other formats know (`power.draw`, `DCGM_FI_DEV_GPU_TEMP`,
 * `Inlet Temp`); the unit, when given, is converted.
 *
 * Plain comma files (what scripts and exporters write) are read straight from the bytes: no string per
 * row, numbers and ISO times parsed in place, targets/metrics/units interned. A line with a quote goes
 * through the CSV module, and so does a whole file that Excel re-saved (`sep=`, `;`, BOM, UTF-16).
 */

export type LongRole = 'timestamp' | 'target' | 'metric' | 'value' | 'unit' | 'site' | 'room';

const ROLE_NAMES: ReadonlyArray<readonly [LongRole, RegExp]> = [
  ['timestamp', /^(timestamp|time|ts|datetime|date ?time|time ?stamp|at|when|epoch|epoch_ms|time_utc|utc)$/i],
  ['target', /^(target|entity|device|host|hostname|name|object|asset|source|point|sensor|instance|id|target_id)$/i],
  ['metric', /^(metric|quantity|measurement|field|variable|parameter|signal|key|metric_name|channel)$/i],
  ['value', /^(value|reading|val|measurement_value|metric_value|v)$/i],
  ['unit', /^(unit|units|uom)$/i],
  ['site', /^(site|site_code)$/i],
  ['room', /^(room|hall|data ?hall)$/i],
];

export interface LongLayout {
  readonly roles: ReadonlyArray<LongRole | null>;
  readonly timestamp: number;
  readonly target: number;
  readonly metric: number;
  readonly value: number;
  readonly unit: number;
  readonly site: number;
  readonly room: number;
}

const UNUSED_LONG_COLUMN = 'not a column of the long format (timestamp, target, metric, value, unit, site, room)';

/** Books a row's cells of columns the long format does not read (a "note" or "source" column). */
export function bookUnusedLongCells(run: ImportRun, layout: LongLayout, header: readonly string[], present: number): void {
  for (let i = 0; i < layout.roles.length && i < present; i++) {
    if (layout.roles[i] === null) run.ledger.ignore((header[i] ?? '').trim(), UNUSED_LONG_COLUMN, 1);
  }
}

/** The layout of a long-format header, or null when it lacks timestamp, target, metric or value. */
export function longLayout(header: readonly string[]): LongLayout | null {
  const roles = header.map((cell) => {
    const name = cell.replace(/^\ufeff/, '').trim();
    return ROLE_NAMES.find(([, re]) => re.test(name))?.[0] ?? null;
  });
  const at = (role: LongRole): number => roles.indexOf(role);
  const layout = { roles, timestamp: at('timestamp'), target: at('target'), metric: at('metric'), value: at('value'), unit: at('unit'), site: at('site'), room: at('room') };
  if (layout.timestamp < 0 || layout.target < 0 || layout.metric < 0 || layout.value < 0) return null;
  return layout;
}

export interface LongMetric {
  readonly metric: number;
  readonly kind: ValueKind;
  /** A unit the name itself implies ("power.draw [W]", "Inlet Temp (°F)"), used when the row gives none. */
  readonly unit: UnitSpec | null;
  readonly factor: number;
}

/** A metric name as the long format may write it: canonical, nvidia-smi, DCGM, or a column-style name. */
export function resolveLongMetric(name: string): LongMetric | null {
  const text = name.trim();
  const canonical = metricIndex(text.toLowerCase());
  if (canonical >= 0) {
    const unit = (METRICS[canonical] as MetricDef).unit;
    return { metric: canonical, kind: unit === 'bool' ? 'flag' : unit === 'pstate' ? 'pstate' : unit === 'bitmask' ? 'bitmask' : 'number', unit: null, factor: 1 };
  }
  const { field, unit: unitText } = splitNvsmiHeader(text);
  const nvsmi = nvsmiField(field);
  if (nvsmi?.metric && nvsmi.kind) {
    return { metric: metricIndex(nvsmi.metric), kind: nvsmi.kind, unit: parseUnit(unitText) ?? (nvsmi.defaultUnit ? parseUnit(nvsmi.defaultUnit) : null), factor: 1 };
  }
  const dcgm = /^DCGM_FI_/i.test(text) ? dcgmField(text) : undefined;
  if (dcgm?.metric && dcgm.kind) return { metric: metricIndex(dcgm.metric), kind: dcgm.kind, unit: dcgm.defaultUnit ? parseUnit(dcgm.defaultUnit) : null, factor: dcgm.factor ?? 1 };
  for (const family of ['env', 'cdu'] as const) {
    const meaning = interpretColumn(text, family, false);
    if (meaning.role === 'metric' && meaning.metric) {
      return { metric: metricIndex(meaning.metric), kind: meaning.valueKind === 'flag' ? 'flag' : 'number', unit: meaning.unit ?? null, factor: 1 };
    }
  }
  return null;
}

const NO_CONVERTER: Converter = { scale: Number.NaN, offset: Number.NaN };

/**
 * The per-row logic shared by both paths, on strings: the byte path calls it for any row it cannot
 * finish in place.
 */
class LongRows {
  private readonly metrics = new Map<string, { plan: CellPlan | null; reason: string; role: number }>();
  private readonly cells: CellReader;
  private readonly time: TimeOut = { ms: 0, naive: false };

  constructor(
    private readonly run: ImportRun,
    private readonly layout: LongLayout,
    private readonly header: readonly string[],
    private readonly dateOrder: DateOrder,
    private readonly decimalComma: boolean,
  ) {
    this.cells = new CellReader(run);
  }

  private column(role: number): string {
    return (this.header[role] ?? '').trim();
  }

  /** The cell plan for a metric name with a unit (cached per pair), or why there is none. */
  plan(name: string, unitText: string): { plan: CellPlan | null; reason: string; role: number } {
    const key = `${name}\u0000${unitText}`;
    let entry = this.metrics.get(key);
    if (!entry) {
      const metric = resolveLongMetric(name);
      const layout = this.layout;
      if (!metric) {
        entry = { plan: null, reason: `"${name}" is not a metric Floorwalk knows (see the vocabulary)`, role: layout.metric };
      } else {
        const unit = unitText === '' ? metric.unit : parseUnit(unitText);
        const def = METRICS[metric.metric] as MetricDef;
        if (unitText !== '' && unit === null) entry = { plan: null, reason: `"${unitText}" is not a unit Floorwalk knows`, role: layout.unit };
        else {
          const plan = makeCellPlan(this.column(layout.value), def.name, metric.kind, unit, { factor: metric.factor });
          entry = typeof plan === 'string' ? { plan: null, reason: plan, role: layout.unit } : { plan, reason: '', role: layout.value };
        }
      }
      this.metrics.set(key, entry);
    }
    return entry;
  }

  row(line: number, fields: readonly string[], maybeCut: boolean): void {
    const run = this.run;
    const layout = this.layout;
    run.beginRow(line);
    bookUnusedLongCells(run, layout, this.header, fields.length);
    if (fields.length < this.header.length) {
      run.rejectRow(
        this.header[fields.length] ?? '',
        maybeCut ? `the last line is cut short (${fields.length} of ${this.header.length} fields): the file was copied while it was being written` : `${fields.length} fields where the header has ${this.header.length}`,
      );
      return;
    }
    const cell = (index: number): string => (index >= 0 ? (fields[index] ?? '').trim() : '');
    const name = cell(layout.metric);
    const { plan, reason, role } = this.plan(name, cell(layout.unit));
    if (!plan) {
      run.rejectRow(this.column(role), reason);
      return;
    }
    const targetText = cell(layout.target);
    if (targetText === '') {
      run.rejectRow(this.column(layout.target), 'no target');
      return;
    }
    const site = cell(layout.site);
    const room = cell(layout.room);
    const target = run.target(site || room ? `t:${site}/${room}/${targetText}` : `t:${targetText}`, () => ({
      hint: 'any',
      name: targetText,
      ...(site ? { site } : {}),
      ...(room ? { room } : {}),
    }));
    const timeText = cell(layout.timestamp);
    if (!parseTimestampText(timeText, this.dateOrder, this.time)) {
      run.rejectRow(this.column(layout.timestamp), timeText === '' ? 'no time' : `"${timeText}" is not a date and time Floorwalk can read`);
      return;
    }
    this.cells.read(plan, cell(layout.value), this.decimalComma);
    if (run.rowIsRejected) return;
    run.endRow(target, run.utc(target, this.time));
  }
}

/** Excel-style long files (and anything the byte path declines), through the CSV module. */
export class LongRecordParser {
  private readonly decoder = new CsvDecoder();
  private parser: CsvParser | null = null;
  private rows: LongRows | null = null;
  private pending: { line: number; fields: string[] } | null = null;
  private endsWithNewline = true;

  constructor(
    private readonly run: ImportRun,
    private readonly delimiter: CsvDelimiter | undefined,
    private readonly dateOrder: DateOrder,
  ) {}

  push(bytes: Uint8Array): void {
    if (bytes.length > 0) this.endsWithNewline = bytes[bytes.length - 1] === 0x0a || bytes[bytes.length - 1] === 0x0d;
    this.feed(this.decoder.push(bytes), false);
  }

  end(): void {
    this.feed(this.decoder.end(), true);
    if (this.pending) this.record(this.pending.line, this.pending.fields, !this.endsWithNewline);
    this.pending = null;
    if (!this.rows) throw new FloorwalkError('invalid_input', 'The file has no header with timestamp, target, metric and value columns.');
  }

  private feed(text: string, final: boolean): void {
    this.parser ??= new CsvParser(this.delimiter ? { delimiter: this.delimiter } : {}, this.decoder.encoding);
    const records = this.parser.feed(text, final);
    for (const record of records) {
      if (this.pending) this.record(this.pending.line, this.pending.fields, false);
      this.pending = { line: record.line, fields: record.fields };
    }
  }

  private record(line: number, fields: string[], maybeCut: boolean): void {
    if (!this.rows) {
      const layout = longLayout(fields);
      if (!layout) throw new FloorwalkError('invalid_input', `Line ${line}: the header needs timestamp, target, metric and value columns.`, { line });
      this.rows = new LongRows(this.run, layout, fields, this.dateOrder, (this.parser?.dialect?.delimiter ?? ',') !== ',');
      return;
    }
    if (fields[0] === undefined || (fields.length === 1 && fields[0].trim() === '')) return;
    this.rows.row(line, fields, maybeCut);
  }
}

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
/** Fields the fast path tracks; a wider line goes through the CSV module. */
const MAX_FAST_FIELDS = 16;
const BUFFER_BYTES = 2 * 1024 * 1024;
/** A line longer than this is not telemetry; refused so memory stays bounded. */
const MAX_LINE_BYTES = 4 * 1024 * 1024;

/**
 * The fast path for plain comma files. Lines are cut and fields found in one pass over the bytes; the
 * common row (ISO or epoch time, plain decimal value, a target/metric/unit seen before) allocates
 * nothing. Anything unusual in a row hands that row, as strings, to the shared row logic.
 */
export class LongByteParser {
  private buffer = new Uint8Array(BUFFER_BYTES);
  private length = 0;
  private line = 0;
  private rows: LongRows | null = null;
  private layout: LongLayout | null = null;
  private header: string[] = [];
  private hasUnused = false;
  private readonly starts = new Int32Array(MAX_FAST_FIELDS + 1);
  private readonly ends = new Int32Array(MAX_FAST_FIELDS + 1);
  private readonly targets = new ByteInterner();
  private readonly metricNames = new ByteInterner();
  private readonly units = new ByteInterner();
  /** Per interned metric name: its plan (null = unknown metric, handled by the row logic). */
  private readonly metricPlans: Array<{ metric: number; kind: ValueKind; unit: UnitSpec | null; factor: number } | null> = [];
  private readonly unitSpecs: Array<UnitSpec | null> = [];
  private readonly unitTexts: string[] = [];
  private readonly converters = new Map<number, Converter>();
  private readonly time: ScannedTime = { ms: 0, naive: false };
  private readonly scanner = new TimeScanner();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly latin1 = new TextDecoder('latin1');

  constructor(
    private readonly run: ImportRun,
    private readonly dateOrder: DateOrder,
  ) {}

  push(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    const consumed = this.lines(false);
    this.buffer.copyWithin(0, consumed, this.length);
    this.length -= consumed;
    if (this.length > MAX_LINE_BYTES) {
      throw new FloorwalkError('invalid_input', `Line ${this.line + 1} is longer than ${MAX_LINE_BYTES.toLocaleString('en-US')} bytes; this is not a telemetry text file.`, { line: this.line + 1 });
    }
  }

  end(): void {
    this.lines(true);
    this.length = 0;
    if (!this.rows) throw new FloorwalkError('invalid_input', 'The file has no header with timestamp, target, metric and value columns.');
  }

  private text(start: number, end: number): string {
    try {
      return this.decoder.decode(this.buffer.subarray(start, end));
    } catch {
      return this.latin1.decode(this.buffer.subarray(start, end));
    }
  }

  /** Processes every complete line (and, at the end, the last one); returns the bytes consumed. */
  private lines(final: boolean): number {
    const buf = this.buffer;
    const length = this.length;
    const starts = this.starts;
    const ends = this.ends;
    let pos = 0;
    for (;;) {
      let i = pos;
      let fields = 0;
      let quoted = false;
      starts[0] = pos;
      while (i < length) {
        const c = buf[i] as number;
        if (c === LF) break;
        if (c === COMMA) {
          if (fields < MAX_FAST_FIELDS) {
            ends[fields] = i;
            starts[fields + 1] = i + 1;
          }
          fields++;
        } else if (c === QUOTE) {
          quoted = true;
        }
        i++;
      }
      if (i >= length && !final) break;
      if (i >= length && i === pos) break;
      const terminated = i < length;
      let lineEnd = i;
      if (lineEnd > pos && buf[lineEnd - 1] === CR) lineEnd--;
      if (fields < MAX_FAST_FIELDS) ends[fields] = lineEnd;
      this.line++;
      if (lineEnd > pos) this.handle(pos, lineEnd, fields + 1, quoted, terminated);
      pos = terminated ? i + 1 : i;
      if (!terminated) break;
    }
    return pos;
  }

  private handle(start: number, end: number, count: number, quoted: boolean, terminated: boolean): void {
    const run = this.run;
    const layout = this.layout;
    if (layout === null || this.rows === null || quoted || count > MAX_FAST_FIELDS || count !== this.header.length) {
      this.slow(start, end, !terminated);
      return;
    }
    const starts = this.starts;
    const ends = this.ends;
    const buf = this.buffer;

    const metricId = this.internMetric(starts[layout.metric] as number, ends[layout.metric] as number);
    const metric = this.metricPlans[metricId];
    const valueStart = starts[layout.value] as number;
    const valueEnd = ends[layout.value] as number;
    let value = metric && metric.kind === 'number' && layout.site < 0 && layout.room < 0 ? scanDecimal(buf, valueStart, valueEnd) : Number.NaN;
    if (!metric || Number.isNaN(value) || !this.scanner.scan(buf, starts[layout.timestamp] as number, ends[layout.timestamp] as number, this.time)) {
      this.slow(start, end, !terminated);
      return;
    }
    const def = METRICS[metric.metric] as MetricDef;
    let converter: Converter;
    if (layout.unit >= 0 && ends[layout.unit] !== starts[layout.unit]) {
      const unitId = this.internUnit(starts[layout.unit] as number, ends[layout.unit] as number);
      converter = this.converter(metricId, unitId, metric.metric);
      if (converter === NO_CONVERTER) {
        this.slow(start, end, !terminated);
        return;
      }
    } else {
      converter = this.converter(metricId, -1, metric.metric);
    }
    value *= metric.factor;
    if (sentinelReason(value, def) !== null) {
      this.slow(start, end, !terminated);
      return;
    }
    value = value * converter.scale + converter.offset;
    if (value < def.min || value > def.max || !terminated) {
      this.slow(start, end, !terminated);
      return;
    }
    const targetStart = starts[layout.target] as number;
    const targetEnd = ends[layout.target] as number;
    let target = this.targets.get(buf, targetStart, targetEnd);
    if (target < 0) {
      const text = this.text(targetStart, targetEnd).trim();
      if (text === '') {
        this.slow(start, end, !terminated);
        return;
      }
      target = run.target(`t:${text}`, () => ({ hint: 'any', name: text }));
      this.targets.add(buf, targetStart, targetEnd, target);
    }
    run.rows++;
    if (this.hasUnused) bookUnusedLongCells(run, layout, this.header, count);
    run.single(metric.metric, target, run.utc(target, this.time), value);
  }

  private internMetric(start: number, end: number): number {
    let id = this.metricNames.get(this.buffer, start, end);
    if (id < 0) {
      id = this.metricPlans.length;
      this.metricPlans.push(resolveLongMetric(this.text(start, end)));
      this.metricNames.add(this.buffer, start, end, id);
    }
    return id;
  }

  private internUnit(start: number, end: number): number {
    let id = this.units.get(this.buffer, start, end);
    if (id < 0) {
      id = this.unitSpecs.length;
      const text = this.text(start, end).trim();
      this.unitTexts.push(text);
      this.unitSpecs.push(text === '' ? null : parseUnit(text));
      this.units.add(this.buffer, start, end, id);
    }
    return id;
  }

  /** Conversion for (metric name, unit); NO_CONVERTER when the unit is unknown or of another dimension. */
  private converter(metricId: number, unitId: number, metric: number): Converter {
    const key = metricId * 65536 + (unitId + 1);
    let converter = this.converters.get(key);
    if (converter === undefined) {
      const plan = this.metricPlans[metricId];
      const unitText = unitId >= 0 ? (this.unitTexts[unitId] as string) : '';
      const unit = unitId >= 0 ? (this.unitSpecs[unitId] ?? null) : (plan?.unit ?? null);
      converter = (unitText !== '' && unit === null ? null : converterFor(unit, METRICS[metric] as MetricDef)) ?? NO_CONVERTER;
      this.converters.set(key, converter);
    }
    return converter;
  }

  /** Any row the fast path does not finish: decoded and handed to the shared logic (or read as the header). */
  private slow(start: number, end: number, maybeCut: boolean): void {
    const text = this.text(start, end);
    const fields = text.includes('"') ? parseCsvText(text, { delimiter: ',' }).header : text.split(',');
    if (!this.rows) {
      const layout = longLayout(fields);
      if (!layout) throw new FloorwalkError('invalid_input', `Line ${this.line}: the header needs timestamp, target, metric and value columns.`, { line: this.line });
      this.layout = layout;
      this.header = fields;
      this.hasUnused = layout.roles.includes(null);
      this.rows = new LongRows(this.run, layout, fields, this.dateOrder, false);
      return;
    }
    if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
    if (fields[0] === this.header[0] && fields[1] === this.header[1]) return;
    this.rows.row(this.line, fields, maybeCut);
  }
}
