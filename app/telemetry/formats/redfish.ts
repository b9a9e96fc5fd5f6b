import { CsvDecoder } from '../../core/csv/decode';
import { CsvParser } from '../../core/csv/parser';
import type { CsvDelimiter, CsvRecord } from '../../core/csv/types';
import { FloorwalkError } from '../../core/errors';
import { CellReader, makeCellPlan, type CellPlan } from '../engine/cells';
import type { ImportRun } from '../engine/run';
import { interpretColumn, looksLikeCduHeader } from '../map/columns';
import type { TargetHint, TargetIdentity } from '../map/identity';
import { METRICS, unitLabel } from '../map/metrics';
import { parseTimestampText, type DateOrder, type TimeOut } from '../map/timestamps';
import type { DetectedColumn } from '../types';

/**
 * Redfish telemetry (DMTF DSP0268, TelemetryService): a `MetricReport` as JSON (`MetricValues` of
 * `{MetricId, MetricValue, Timestamp, MetricProperty}`; one report, an array of them, or one per line), the
 * same values flattened to CSV (`MetricId,MetricValue,Timestamp,MetricProperty`), or a wide CSV whose
 * columns are Redfish property URIs (`/redfish/v1/ThermalEquipment/CDUs/1/SecondaryCoolantConnectors/1#/SupplyTemperatureCelsius/Reading`).
 *
 * The property URI names both the thing measured and the quantity: the resource after `CDUs/`,
 * `CoolingUnits/`, `RackPDUs/`, `Chassis/` … is the target; the property (or a `Sensors/ID#/Reading`'s
 * sensor id) is read like a CDU or rack export column, so units come from the name (`…Celsius`, `…kPa`,
 * `…LitersPerMinute`) and a value in a `Primary…` connector or sensor is facility water, kept apart from the
 * secondary (rack) loop. Modbus sentinels (65535, −32768, −3276.8, 6553.5) are skipped where they are
 * implausible for the metric, like every other format. Every MetricValue is one data cell.
 */

export type RedfishLayout = 'json' | 'values' | 'wide';

/** A JSON report is parsed whole: this bounds the memory one file may take. */
const MAX_JSON_CHARS = 256 * 1024 * 1024;

const clean = (cell: string): string => cell.replace(/^\ufeff/, '').trim();

/** Collections whose next path segment is the target, and what kind of thing it is. */
const COLLECTIONS: ReadonlyArray<readonly [RegExp, TargetHint]> = [
  [/^(CDUs|CoolingUnits|ImmersionUnits|HeatExchangers|CoolingLoops)$/, 'cooling_unit'],
  [/^(RackPDUs|FloorPDUs|PowerShelves|Switchgear|TransferSwitches|ElectricalBuses|Systems|Managers)$/, 'device'],
  [/^(Chassis)$/, 'any'],
];

/** JSON pointer parts that are containers or the value itself, not the quantity's name. */
const GENERIC_POINTER = /^(Reading|ReadingCelsius|Value|DataSourceUri|\d+)$/;
const GENERIC_RESOURCE = /^(Sensors|Metrics|EnvironmentMetrics|PowerSupplyMetrics|Thermal|Power|Oem)$/;

export interface RedfishPoint {
  readonly key: string;
  readonly plan: CellPlan | null;
  readonly reason: string | null;
  readonly identity: TargetIdentity | null;
  /** The column map row the preview shows. */
  readonly column: DetectedColumn;
}

/** True for a property URI or a metric id that looks like one (`…#/…`). */
export function isRedfishProperty(text: string): boolean {
  return /^\/redfish\/v1\/\S*#\/\S*$/.test(text.trim());
}

/**
 * What one Redfish point is: its target from the URI path, its metric from the property (or the metric id
 * when there is no URI), the loop side from a `Primary…`/`Secondary…` segment.
 */
export function redfishPoint(property: string, metricId: string, defaultTarget: string | null): RedfishPoint {
  const text = property.trim() !== '' ? property.trim() : metricId.trim();
  const [path = '', pointer = ''] = text.split('#');
  const segments = path.split('/').filter((s) => s !== '');
  let hint: TargetHint = 'any';
  let name: string | null = null;
  for (let i = 0; i < segments.length - 1; i++) {
    const found = COLLECTIONS.find(([pattern]) => pattern.test(segments[i] ?? ''));
    if (found) {
      hint = found[1];
      name = segments[i + 1] ?? null;
      // The innermost equipment collection wins (Chassis/X/… inside ThermalEquipment/CDUs/Y is rare; CDUs first).
      if (hint !== 'any') break;
    }
  }
  const parts = pointer.split('/').filter((p) => p !== '' && !GENERIC_POINTER.test(p));
  // A Sensor's value is `#/Reading`: the sensor id (the last path segment) names the quantity. A leak
  // detector's state is a leak flag whatever the property is called.
  const leak = segments.some((s) => /^Leak/i.test(s));
  const named = parts[parts.length - 1] ?? [...segments].reverse().find((s) => !GENERIC_RESOURCE.test(s) && !/^\d+$/.test(s)) ?? text;
  const quantity = leak ? 'LeakDetectorState' : named;
  const loop = segments.some((s) => /^Primary/i.test(s)) || /^Primary/i.test(quantity) ? 'primary' : segments.some((s) => /^Secondary/i.test(s)) ? 'secondary' : null;
  // A primary or secondary loop, or a CDU in the path, is liquid cooling even under Chassis/…/Sensors.
  const family = hint === 'cooling_unit' || loop !== null || segments.some((s) => /cdu|coolant|cooling/i.test(s)) || looksLikeCduHeader([quantity]) ? 'cdu' : 'env';
  const header = loop === 'primary' && !/^Primary/i.test(quantity) ? `Primary${quantity}` : quantity.replace(/^Secondary/i, '');
  const meaning = interpretColumn(header, family, false);
  const targetName = name ?? defaultTarget;
  const identity: TargetIdentity | null = targetName === null ? null : hint === 'device' ? { hint, host: targetName, name: targetName } : { hint, name: targetName };
  const base = { column: text, metric: null, unit: null, fromUnit: null };
  if (meaning.role !== 'metric' || !meaning.metric) {
    const reason = `${quantity} is not a quantity Floorwalk knows`;
    return { key: text, plan: null, reason, identity, column: { ...base, use: 'ignored', note: reason } };
  }
  const made = makeCellPlan(text, meaning.metric, meaning.valueKind === 'flag' ? 'flag' : 'number', meaning.unit ?? null);
  if (typeof made === 'string') return { key: text, plan: null, reason: made, identity, column: { ...base, use: 'ignored', note: made } };
  const def = METRICS[made.metric];
  const where = targetName === null ? 'no target in the URI: give --target' : `${hint === 'cooling_unit' ? 'CDU' : hint === 'device' ? 'device' : 'chassis'} ${targetName}${loop ? `, ${loop} loop` : ''}`;
  return {
    key: text,
    plan: made,
    reason: identity === null ? 'the property URI names no CDU, PDU or chassis (give --target)' : null,
    identity,
    column: { column: text, use: 'metric', metric: def?.name ?? null, unit: def ? unitLabel(def.unit) : null, fromUnit: meaning.unit?.text ?? null, note: where },
  };
}

/** The layout of a CSV header: MetricId/MetricValue rows, or Timestamp + Redfish property columns. */
export function redfishCsvLayout(header: readonly string[]): RedfishLayout | null {
  const cells = header.map(clean);
  if (cells.includes('MetricValue') && (cells.includes('MetricId') || cells.includes('MetricProperty')) && cells.includes('Timestamp')) return 'values';
  if (cells.some((c) => /^timestamp$/i.test(c)) && cells.some(isRedfishProperty)) return 'wide';
  return null;
}

/** True when a text sample is a MetricReport as JSON. */
export function looksLikeRedfishJson(text: string): boolean {
  const start = text.replace(/^\ufeff/, '').trimStart();
  return (start.startsWith('{') || start.startsWith('[')) && /"MetricValues"\s*:/.test(text) && /"MetricValue"\s*:/.test(text);
}

export interface RedfishOptions {
  readonly layout: RedfishLayout;
  readonly delimiter: CsvDelimiter | undefined;
  readonly dateOrder: DateOrder;
  /** The target of points whose URI names none (--target, else the file's name). */
  readonly defaultTarget: string | null;
}

interface MetricValue {
  readonly MetricId?: unknown;
  readonly MetricValue?: unknown;
  readonly Timestamp?: unknown;
  readonly MetricProperty?: unknown;
}

export class RedfishParser {
  private readonly decoder = new CsvDecoder();
  private parser: CsvParser | null = null;
  private json = '';
  private header: string[] = [];
  private columns: Array<RedfishPoint | null> = [];
  private readonly points = new Map<string, RedfishPoint>();
  private readonly cells: CellReader;
  private readonly time: TimeOut = { ms: 0, naive: true };
  private decimalComma = false;
  private idIndex = -1;
  private valueIndex = -1;
  private timeIndex = -1;
  private propertyIndex = -1;

  constructor(
    private readonly run: ImportRun,
    private readonly options: RedfishOptions,
  ) {
    this.cells = new CellReader(run);
  }

  /** The points met so far (the preview's column map). */
  get detected(): DetectedColumn[] {
    return [...this.points.values()].map((p) => p.column);
  }

  push(bytes: Uint8Array): void {
    const text = this.decoder.push(bytes);
    if (this.options.layout === 'json') {
      this.json += text;
      if (this.json.length > MAX_JSON_CHARS) throw new FloorwalkError('invalid_input', `A Redfish MetricReport of more than ${MAX_JSON_CHARS / 1024 / 1024} MiB of JSON; export it as CSV instead.`);
    } else this.feed(text, false);
  }

  end(): void {
    const text = this.decoder.end();
    if (this.options.layout === 'json') this.readJson(this.json + text);
    else {
      this.feed(text, true);
      if (this.header.length === 0) throw new FloorwalkError('invalid_input', 'No Redfish header (MetricId, MetricValue, Timestamp, or Timestamp and /redfish/v1/…#/… columns) in the file.');
    }
  }

  private feed(text: string, final: boolean): void {
    this.parser ??= new CsvParser(this.options.delimiter ? { delimiter: this.options.delimiter } : {}, this.decoder.encoding);
    const records = this.parser.feed(text, final);
    for (const record of records) this.record(record);
  }

  private record(record: CsvRecord): void {
    const fields = record.fields;
    if (fields.length === 1 && clean(fields[0] ?? '') === '') return;
    if (this.header.length === 0) {
      if (redfishCsvLayout(fields) === null) return;
      this.header = fields.map(clean);
      this.decimalComma = (this.parser?.dialect?.delimiter ?? ',') !== ',';
      this.idIndex = this.header.indexOf('MetricId');
      this.valueIndex = this.header.indexOf('MetricValue');
      this.propertyIndex = this.header.indexOf('MetricProperty');
      this.timeIndex = this.header.findIndex((c) => /^timestamp$/i.test(c));
      if (this.options.layout === 'wide') this.columns = this.header.map((c) => (isRedfishProperty(c) ? this.pointOf(c, '') : null));
      return;
    }
    if (clean(fields[0] ?? '') === this.header[0] && clean(fields[1] ?? '') === this.header[1]) return;
    if (this.options.layout === 'values') {
      const at = (i: number): string => (i >= 0 ? (fields[i] ?? '') : '');
      this.sample(record.line, this.pointOf(clean(at(this.propertyIndex)), clean(at(this.idIndex))), at(this.timeIndex), at(this.valueIndex));
      return;
    }
    this.header.forEach((column, i) => {
      const point = this.columns[i];
      if (i === this.timeIndex || i >= fields.length) return;
      if (!point) {
        this.run.ledger.ignore(column, 'not a Redfish property column', 1);
        return;
      }
      this.sample(record.line, point, fields[this.timeIndex] ?? '', fields[i] ?? '');
    });
  }

  private readJson(text: string): void {
    const body = text.replace(/^\ufeff/, '').trim();
    let reports: unknown[];
    try {
      const parsed: unknown = JSON.parse(body);
      reports = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      // One report per line (a subscription's event log), or a cut file.
      reports = [];
      body.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          reports.push(JSON.parse(line) as unknown);
        } catch (error) {
          throw new FloorwalkError('invalid_input', `Line ${i + 1} is not JSON (${error instanceof Error ? error.message : String(error)}): the MetricReport is cut or not JSON.`, { line: i + 1 });
        }
      });
    }
    // JSON.parse keeps no positions: the n-th `"MetricValue":` key of the text is the n-th value's line.
    const lines: number[] = [];
    let line = 1;
    let from = 0;
    for (const m of body.matchAll(/"MetricValue"\s*:/g)) {
      for (let i = from; i < (m.index ?? 0); i++) if (body.charCodeAt(i) === 0x0a) line++;
      from = m.index ?? 0;
      lines.push(line);
    }
    let n = 0;
    for (const report of reports) {
      const values = (report as { MetricValues?: unknown } | null)?.MetricValues;
      if (!Array.isArray(values)) continue;
      const reportTime = typeof (report as { Timestamp?: unknown }).Timestamp === 'string' ? ((report as { Timestamp: string }).Timestamp) : '';
      for (const entry of values as MetricValue[]) {
        const at = lines[n] ?? lines[lines.length - 1] ?? 1;
        if (entry && 'MetricValue' in entry) n++;
        const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
        this.sample(at, this.pointOf(str(entry?.MetricProperty), str(entry?.MetricId)), str(entry?.Timestamp) || reportTime, str(entry?.MetricValue));
      }
    }
  }

  private pointOf(property: string, metricId: string): RedfishPoint {
    const key = `${property}\u001f${metricId}`;
    let point = this.points.get(key);
    if (!point) {
      point = redfishPoint(property, metricId, this.options.defaultTarget);
      this.points.set(key, point);
    }
    return point;
  }

  /** One MetricValue: a point's value at a time. */
  private sample(line: number, point: RedfishPoint, timeText: string, valueText: string): void {
    const run = this.run;
    run.beginRow(line);
    if (point.plan === null) {
      run.ignoreRow(point.key, point.reason ?? 'not read');
      return;
    }
    if (point.identity === null) {
      run.rejectRow(point.key, point.reason ?? 'no target');
      return;
    }
    if (!parseTimestampText(timeText.trim(), this.options.dateOrder, this.time)) {
      run.rejectRow('Timestamp', timeText.trim() === '' ? 'no time' : `"${timeText.trim()}" is not a date and time Floorwalk can read`);
      return;
    }
    const identity = point.identity;
    const target = run.target(`redfish|${identity.hint}|${identity.name ?? ''}`, () => identity);
    this.cells.read(point.plan, valueText, this.decimalComma);
    if (run.rowIsRejected) return;
    run.endRow(target, run.utc(target, this.time));
  }
}
