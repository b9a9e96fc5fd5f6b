import { checkOverridesAgainst, overrideMeaning, type ColumnOverride } from '../map/overrides';
import { CsvDecoder } from '../../core/csv/decode';
import { CsvParser } from '../../core/csv/parser';
import type { CsvDelimiter, CsvRecord } from '../../core/csv/types';
import { FloorwalkError } from '../../core/errors';
import { CellReader, makeCellPlan, type CellPlan } from '../engine/cells';
import { interpretColumn, type TableFamily } from '../map/columns';
import { DCGM_LABELS, dcgmField } from '../map/gpu-fields';
import type { TargetHint, TargetIdentity } from '../map/identity';
import { METRICS, unitLabel } from '../map/metrics';
import { dcgmIdentity } from './prometheus';
import type { ImportRun } from '../engine/run';
import { parseTimestampText, type DateOrder, type TimeOut } from '../map/timestamps';
import type { DetectedColumn } from '../types';
import { parseUnit } from '../map/units';

/**
 * Wide tables read with the CSV module (Excel re-saves: BOM, `sep=;`, `;` with decimal commas, CRLF,
 * quoted delimiters): rack environment and PDU exports, CDU exports, and DCGM's flattened CSV. One row
 * per target and time, one column per quantity. A preamble before the header (APC `data.txt`) is
 * skipped; a repeated header is skipped; a row whose status says the sensor failed carries no reading.
 */

export type TableKind = TableFamily | 'dcgm';

/** Header rows looked for before giving up: APC data.txt has 14 preamble lines. */
const MAX_PREAMBLE_RECORDS = 100;
const FAULT_STATUS = /^(sensor ?fault|fault|faulted|sensor error|error|comm(unication)? ?(lost|fail(ure)?|error)|offline|disconnected|not present|not installed|unavailable|invalid|no data|lost|failed|open|short|unplugged|missing)$/i;

interface TargetColumn {
  readonly index: number;
  readonly hint: TargetHint;
  readonly field: 'host' | 'serial' | 'name';
}

export interface TablePlan {
  readonly header: readonly string[];
  readonly timestamp: number;
  readonly date: number;
  readonly time: number;
  readonly utc: boolean;
  readonly targets: readonly TargetColumn[];
  readonly site: number;
  readonly room: number;
  readonly location: number;
  readonly status: number;
  readonly cells: ReadonlyArray<{ readonly index: number; readonly plan: CellPlan }>;
  /** DCGM flattened CSV: label columns by name. */
  readonly labels: ReadonlyMap<string, number> | null;
  readonly detected: readonly DetectedColumn[];
  /**
   * Linked PDUs (APC rPDU2g host + guests in one data log): the cells of each PDU, by its number in the
   * link, when the columns carry two or more numbers (`2:Pwr.kW`, `PDU 2 Pwr.kW`). Null for one device.
   */
  readonly groups: ReadonlyArray<{ readonly number: number; readonly cells: ReadonlyArray<{ readonly index: number; readonly plan: CellPlan }> }> | null;
}

/** A linked PDU's column: `2:Pwr.kW`, `2: Pwr.kW`, `PDU 2 Pwr.kW`, `Guest 2 - Pwr.kW`, `Device 2: Pwr.kW`. */
const LINKED_COLUMN = /^(?:(\d{1,2})\s*:\s*|(?:PDU|Device|Guest|Unit)\s*(\d{1,2})\s*[:-]?\s+)(\S.*)$/i;

function linkedColumn(name: string): { number: number; name: string } | null {
  const m = LINKED_COLUMN.exec(name);
  if (!m) return null;
  return { number: Number(m[1] ?? m[2]), name: m[3] ?? '' };
}

const ALL_DCGM_LABELS = new Set<string>(Object.values(DCGM_LABELS).flat());

/** The plan for a header row, or null when the row is not a header this kind of table has. */
export function planTable(header: readonly string[], kind: TableKind, overrides: readonly ColumnOverride[] = []): TablePlan | null {
  const detected: DetectedColumn[] = [];
  const cells: Array<{ index: number; plan: CellPlan }> = [];
  const targets: TargetColumn[] = [];
  let timestamp = -1;
  let date = -1;
  let time = -1;
  let site = -1;
  let room = -1;
  let location = -1;
  let status = -1;
  let utc = false;
  const labels = kind === 'dcgm' ? new Map<string, number>() : null;
  const hasDate = header.some((h) => /^\s*(date|day)\s*$/i.test(h.replace(/^\ufeff/, '')));
  const seenMetrics = new Set<string>();
  const linkedNumbers = new Set(kind === 'dcgm' ? [] : header.map((h) => linkedColumn(h.replace(/^\ufeff/, '').trim())?.number).filter((n) => n !== undefined));
  const linked = linkedNumbers.size >= 2;
  const groupOf = new Map<number, number>();

  header.forEach((raw, index) => {
    const full = raw.replace(/^\ufeff/, '').trim();
    const link = linked ? linkedColumn(full) : null;
    // A linked PDU's column is read by its name without the PDU number; the number picks the target.
    const name = link ? link.name : full;
    const push = (column: DetectedColumn): void => {
      detected.push(link ? { ...column, column: full, note: column.use === 'metric' ? `linked PDU ${link.number}${column.note ? `; ${column.note}` : ''}` : column.note } : column);
    };
    const override = overrides.find((o) => o.column === full);
    if (kind === 'dcgm' && !override) {
      if (ALL_DCGM_LABELS.has(name)) {
        labels?.set(name, index);
        push({ column: name, use: 'target', metric: null, unit: null, fromUnit: null, note: 'label' });
        return;
      }
      const field = /^DCGM_FI_/i.test(name) ? dcgmField(name) : undefined;
      if (field?.metric && field.kind) {
        const plan = makeCellPlan(name, field.metric, field.kind, field.defaultUnit ? parseUnit(field.defaultUnit) : null, { factor: field.factor ?? 1 });
        if (typeof plan !== 'string') {
          const def = METRICS[plan.metric];
          cells.push({ index, plan });
          push({ column: name, use: 'metric', metric: def?.name ?? null, unit: def ? unitLabel(def.unit) : null, fromUnit: field.defaultUnit ?? null, note: null });
          return;
        }
      }
    }
    const meaning = override ? overrideMeaning(override) : interpretColumn(name, kind === 'cdu' ? 'cdu' : 'env', hasDate);
    switch (meaning.role) {
      case 'timestamp':
        if (timestamp < 0 || override) timestamp = index;
        utc ||= meaning.utc === true;
        push({ column: name, use: 'timestamp', metric: null, unit: null, fromUnit: null, note: meaning.utc ? 'UTC' : null });
        return;
      case 'date':
        if (date < 0) date = index;
        utc ||= meaning.utc === true;
        push({ column: name, use: 'date', metric: null, unit: null, fromUnit: null, note: null });
        return;
      case 'time':
        if (time < 0) time = index;
        utc ||= meaning.utc === true;
        push({ column: name, use: 'time', metric: null, unit: null, fromUnit: null, note: null });
        return;
      case 'site':
      case 'room':
      case 'location':
        if (meaning.role === 'site' && site < 0) site = index;
        if (meaning.role === 'room' && room < 0) room = index;
        if (meaning.role === 'location' && location < 0) location = index;
        push({ column: name, use: 'qualifier', metric: null, unit: null, fromUnit: null, note: meaning.role });
        return;
      case 'status':
        if (status < 0) status = index;
        push({ column: name, use: 'status', metric: null, unit: null, fromUnit: null, note: 'fault words skip the row' });
        return;
      case 'target':
        if (kind !== 'dcgm' || override) targets.push({ index, hint: meaning.hint ?? 'any', field: meaning.identityField ?? 'name' });
        push({ column: name, use: 'target', metric: null, unit: null, fromUnit: null, note: meaning.note ?? meaning.hint ?? null });
        return;
      case 'metric': {
        if ((kind === 'dcgm' && !override) || !meaning.metric) break;
        const plan = makeCellPlan(full, meaning.metric, meaning.valueKind === 'flag' ? 'flag' : 'number', meaning.unit ?? null);
        if (typeof plan === 'string') {
          push({ column: name, use: 'ignored', metric: null, unit: null, fromUnit: null, note: plan });
          return;
        }
        const def = METRICS[plan.metric];
        const seen = `${link?.number ?? 0}|${plan.metric}`;
        if (seenMetrics.has(seen)) {
          push({ column: name, use: 'ignored', metric: def?.name ?? null, unit: null, fromUnit: null, note: 'another column already gives this metric' });
          return;
        }
        seenMetrics.add(seen);
        if (link) groupOf.set(cells.length, link.number);
        cells.push({ index, plan });
        push({
          column: name,
          use: 'metric',
          metric: def?.name ?? null,
          unit: def ? unitLabel(def.unit) : null,
          fromUnit: meaning.unit?.text ?? null,
          note: meaning.note ?? (meaning.unit ? null : def && def.unit !== 'bool' && def.unit !== 'count' ? `no unit in the name: ${unitLabel(def.unit)} assumed` : null),
        });
        return;
      }
      default:
        break;
    }
    push({ column: name, use: 'ignored', metric: null, unit: null, fromUnit: null, note: meaning.note ?? null });
  });

  if (cells.length === 0 || (timestamp < 0 && date < 0)) return null;
  let groups: TablePlan['groups'] = null;
  if (linked) {
    const byNumber = new Map<number, Array<{ index: number; plan: CellPlan }>>();
    // Columns without a PDU number (a total) belong to the first PDU of the link, the host.
    const first = Math.min(...linkedNumbers);
    cells.forEach((cell, i) => {
      const number = groupOf.get(i) ?? first;
      const list = byNumber.get(number);
      if (list) list.push(cell);
      else byNumber.set(number, [cell]);
    });
    groups = [...byNumber].sort((a, b) => a[0] - b[0]).map(([number, list]) => ({ number, cells: list }));
  }
  return { header, timestamp, date, time, utc, targets, site, room, location, status, cells, labels, detected, groups };
}

export interface TableOptions {
  readonly kind: TableKind;
  readonly delimiter: CsvDelimiter | undefined;
  readonly dateOrder: DateOrder;
  /** --target: the target of rows that name none (a per-device export). */
  readonly target: string | null;
  /** Used when neither --target nor a `Name:` line of the preamble names the device. */
  readonly fileStem: string | null;
  /** The technician's corrections of the column map (--map, the console's map table). */
  readonly overrides: readonly ColumnOverride[];
}

const PREAMBLE_NAME = /^\s*(system name|device name|pdu name|name|hostname|host|ups name)\s*(?:[:=]\s*|\s+)(\S.*?)\s*$/i;

export class TableParser {
  private readonly decoder = new CsvDecoder();
  private parser: CsvParser | null = null;
  private plan: TablePlan | null = null;
  private readonly preamble: string[] = [];
  private ignoredColumns: Array<{ index: number; column: string; reason: string }> | null = null;
  private records = 0;
  private decimalComma = false;
  private readonly cells: CellReader;
  private readonly time: TimeOut = { ms: 0, naive: true };
  private readonly defaultHint: TargetHint;
  private pendingLast: CsvRecord | null = null;
  private endsWithNewline = true;
  private defaultTarget: string | null = null;

  constructor(
    private readonly run: ImportRun,
    private readonly options: TableOptions,
  ) {
    this.cells = new CellReader(run);
    this.defaultHint = options.kind === 'cdu' ? 'cooling_unit' : options.kind === 'dcgm' ? 'gpu' : 'any';
  }

  get tablePlan(): TablePlan | null {
    return this.plan;
  }

  get delimiter(): string | null {
    return this.parser?.dialect?.delimiter ?? null;
  }

  get encoding(): string {
    return this.decoder.encoding;
  }

  push(bytes: Uint8Array): void {
    if (bytes.length > 0) this.endsWithNewline = bytes[bytes.length - 1] === 0x0a || bytes[bytes.length - 1] === 0x0d;
    this.feed(this.decoder.push(bytes), false);
  }

  end(): void {
    this.feed(this.decoder.end(), true);
    if (this.pendingLast) {
      const last = this.pendingLast;
      this.pendingLast = null;
      this.record(last, !this.endsWithNewline);
    }
    if (!this.plan) {
      throw new FloorwalkError(
        'invalid_input',
        `No header row found in the first ${Math.min(this.records, MAX_PREAMBLE_RECORDS)} rows: Floorwalk needs a time column (Timestamp, or Date and Time) and at least one quantity it knows.`,
      );
    }
  }

  private feed(text: string, final: boolean): void {
    this.parser ??= new CsvParser(this.options.delimiter ? { delimiter: this.options.delimiter } : {}, this.decoder.encoding);
    const records = this.parser.feed(text, final);
    // The newest record is held back one step: only at the end is it known to be the (maybe cut) last one.
    for (const record of records) {
      if (this.pendingLast) this.record(this.pendingLast, false);
      this.pendingLast = record;
    }
  }

  private record(record: CsvRecord, maybeCut: boolean): void {
    this.records++;
    const fields = record.fields;
    if (!this.plan) {
      this.plan = planTable(fields, this.options.kind, this.options.overrides);
      if (this.plan) {
        checkOverridesAgainst(this.options.overrides, fields);
        this.decimalComma = (this.parser?.dialect?.delimiter ?? ',') !== ',';
        this.defaultTarget = this.options.target ?? this.preambleName() ?? this.options.fileStem;
        return;
      }
      this.preamble.push(fields.join(' ').trim());
      if (this.records >= MAX_PREAMBLE_RECORDS) {
        throw new FloorwalkError('invalid_input', `No header row found in the first ${MAX_PREAMBLE_RECORDS} rows: Floorwalk needs a time column and at least one quantity it knows.`);
      }
      return;
    }
    const plan = this.plan;
    if (fields.length === 1 && (fields[0] ?? '').trim() === '') return;
    if (fields[0] === plan.header[0] && fields[1] === plan.header[1]) return;
    if (plan.groups) {
      // Linked PDUs: one row per PDU of the line, each on its own target.
      plan.groups.forEach((group, i) => this.row(plan, fields, record.line, maybeCut, group.cells, i === 0, group.number));
      return;
    }
    this.row(plan, fields, record.line, maybeCut, plan.cells, true, null);
  }

  private row(plan: TablePlan, fields: readonly string[], line: number, maybeCut: boolean, cells: TablePlan['cells'], first: boolean, linked: number | null): void {
    const run = this.run;
    run.beginRow(line, cells.length);
    if (first) this.ignoredCells(plan, fields.length);
    if (fields.length < plan.header.length) {
      run.rejectRow(
        plan.header[fields.length] ?? '',
        maybeCut
          ? `the last line is cut short (${fields.length} of ${plan.header.length} fields): the file was copied while it was being written`
          : `${fields.length} fields where the header has ${plan.header.length}`,
      );
      return;
    }
    if (plan.status >= 0) {
      const status = (fields[plan.status] ?? '').trim();
      if (FAULT_STATUS.test(status)) {
        run.skipRow(`status "${status}"`);
        return;
      }
    }
    const target = linked === null ? this.target(plan, fields) : this.linkedTarget(linked);
    if (target < 0) return;
    if (!this.readTime(plan, fields)) return;
    for (const { index, plan: cell } of cells) {
      this.cells.read(cell, fields[index] ?? '', this.decimalComma);
      if (run.rowIsRejected) return;
    }
    run.endRow(target, run.utc(target, this.time));
  }

  /** Books the row's cells of columns the map does not use, each with its reason. */
  private ignoredCells(plan: TablePlan, present: number): void {
    if (this.ignoredColumns === null) {
      this.ignoredColumns = [];
      plan.detected.forEach((column, index) => {
        if (column.use === 'ignored') this.ignoredColumns?.push({ index, column: column.column, reason: column.note ?? 'not a column Floorwalk reads' });
      });
    }
    for (const column of this.ignoredColumns) if (column.index < present) this.run.ledger.ignore(column.column, column.reason, 1);
  }

  /**
   * A linked PDU's target: its name from the preamble (`PDU 2 Name: …`, `Guest 1 Name: …`), else the host
   * PDU's name (the first of the link) or that name with the PDU's number.
   */
  private linkedTarget(number: number): number {
    const first = this.plan?.groups?.[0]?.number ?? number;
    let name: string | null = null;
    for (const line of this.preamble) {
      const m = /^\s*(?:pdu|device|guest|unit)\s*(\d{1,2})\s*name\s*[:=]?\s*(\S.*?)\s*$/i.exec(line);
      if (m && Number(m[1]) === number && m[2]) name = m[2];
    }
    const base = this.defaultTarget ?? 'pdu';
    name ??= number === first ? base : `${base} (linked PDU ${number})`;
    const target = name;
    return this.run.target(`device|host|linked|${target}`, () => ({ hint: 'device', host: target, name: target }));
  }

  /** APC data.txt and similar name their device in the lines before the header. */
  private preambleName(): string | null {
    for (const line of this.preamble) {
      const m = PREAMBLE_NAME.exec(line);
      if (m?.[2]) return m[2];
    }
    return null;
  }

  private readTime(plan: TablePlan, fields: readonly string[]): boolean {
    let text: string;
    let column: string;
    if (plan.timestamp >= 0) {
      text = (fields[plan.timestamp] ?? '').trim();
      column = plan.header[plan.timestamp] ?? '';
      if (plan.date >= 0 && plan.time < 0 && !/\d:\d/.test(text)) text = `${(fields[plan.date] ?? '').trim()} ${text}`;
    } else {
      text = (fields[plan.date] ?? '').trim();
      column = plan.header[plan.date] ?? '';
      if (plan.time >= 0) text = `${text} ${(fields[plan.time] ?? '').trim()}`;
    }
    if (!parseTimestampText(text, this.options.dateOrder, this.time)) {
      this.run.rejectRow(column, text === '' ? 'no time' : `"${text}" is not a date and time Floorwalk can read`);
      return false;
    }
    if (plan.utc && this.time.naive) this.time.naive = false;
    return true;
  }

  private target(plan: TablePlan, fields: readonly string[]): number {
    const run = this.run;
    const value = (index: number): string | undefined => {
      if (index < 0) return undefined;
      const text = (fields[index] ?? '').trim();
      return text === '' ? undefined : text;
    };
    if (plan.labels) {
      const labels = plan.labels;
      const who = dcgmIdentity((names) => {
        for (const name of names) {
          const index = labels.get(name);
          const text = index === undefined ? undefined : value(index);
          if (text !== undefined) return text;
        }
        return undefined;
      }, this.defaultTarget);
      if (!who) {
        run.rejectRow('UUID', 'the row names no GPU (no UUID, serial, or hostname with pci_bus_id or gpu)');
        return -1;
      }
      return run.target(who.key, () => who.identity);
    }
    let site = value(plan.site);
    let room = value(plan.room);
    const location = value(plan.location);
    if (location !== undefined) {
      const parts = location.split(/\s*[/>\\|]\s*/).filter((p) => p !== '');
      if (parts.length >= 2) {
        site ??= parts[0];
        room ??= parts[1];
      } else if (parts.length === 1) {
        room ??= parts[0];
      }
    }
    let column: TargetColumn | null = null;
    let text: string | undefined;
    for (const candidate of plan.targets) {
      text = value(candidate.index);
      if (text !== undefined) {
        column = candidate;
        break;
      }
    }
    if (text === undefined && this.defaultTarget !== null) text = this.defaultTarget;
    if (text === undefined) {
      run.rejectRow(plan.targets[0] !== undefined ? (plan.header[plan.targets[0].index] ?? '') : '', 'the row names no rack, sensor, device or CDU');
      return -1;
    }
    const hint = column?.hint ?? this.defaultHint;
    const field = column?.field ?? 'name';
    const name = text.replace(/^.*\/redfish\/v1\/.*\//, '');
    const key = `${hint}|${field}|${site ?? ''}|${room ?? ''}|${name}`;
    return run.target(key, () => {
      const identity: { -readonly [K in keyof TargetIdentity]: TargetIdentity[K] } = { hint };
      if (field === 'host') {
        identity.host = name;
        identity.name = name;
      } else if (field === 'serial') identity.serial = name;
      else identity.name = name;
      if (site !== undefined) identity.site = site;
      if (room !== undefined) identity.room = room;
      return identity;
    });
  }
}
