import { METRICS, metricIndex } from '../map/metrics';
import type { InventoryResolver, ResolvedTarget } from './join';
import type { TargetIdentity } from '../map/identity';
import { zoneClock, type ResolveStats, type ZoneClock } from '../map/time-zone';
import type { TimeOut } from '../map/timestamps';
import type { RowError, SampleReading } from '../types';
import { CellLedger, reasonKind } from './ledger';

/** Rejected rows kept with their line, column and reason; the rest are only counted. */
const MAX_ERRORS_KEPT = 100;
const MAX_DEAD_GPUS_KEPT = 100;
const SAMPLE_READINGS = 40;

/** Where readings go: the database writer on import, a short list on preview. */
export interface ReadingSink {
  add(metricIndex: number, target: number, ts: number, value: number): void;
}

interface DeadGpu {
  readonly line: number;
  readonly host: string | null;
  readonly busId: string | null;
  readonly message: string;
}

const AIR_TEMP = metricIndex('air_temp_c');
const INLET_TEMP = metricIndex('inlet_temp_c');
const OUTLET_TEMP = metricIndex('outlet_temp_c');

/**
 * One file's import in progress: the targets met so far (each resolved against the inventory once), the
 * counts, the first rejected rows, and the conversion of wall-clock times to UTC per target. Parsers
 * call it per row; it hands finished readings to the sink.
 */
export class ImportRun {
  rows = 0;
  usableRows = 0;
  skipped = 0;
  rejected = 0;
  readonly errors: RowError[] = [];
  readonly skippedBy = new Map<string, number>();
  readonly ignoredMetrics = new Map<string, number>();
  readonly deadGpus: DeadGpu[] = [];
  readonly notes: string[] = [];
  readonly timeStats: ResolveStats = { ambiguous: 0, nonexistent: 0 };
  readonly zonesUsed = new Map<string, number>();
  readonly ledger = new CellLedger();

  readonly resolved: ResolvedTarget[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly clocks: Array<ZoneClock | null> = [];
  private readonly prevUtc: number[] = [];
  private readonly descending: boolean[] = [];
  private readonly optionClock: ZoneClock | null;
  private readonly fallbackClock: ZoneClock | null;

  // The row being assembled.
  private rowLine = 0;
  private rowRejected = false;
  private readonly rowValues = new Float64Array(METRICS.length).fill(Number.NaN);
  private readonly rowTouched: number[] = [];
  /** Placeholder/sentinel cells of the row: counted only if the row is kept (a rejected row counts once, as rejected). */
  private readonly rowSkips: string[] = [];
  /** The row's value cells, and whether its cells are already booked in the ledger. */
  private rowCells = 0;
  private rowOpen = false;
  private rowCollapsed = 0;
  private rowDerived = 0;

  constructor(
    private readonly resolver: InventoryResolver,
    private readonly sink: ReadingSink,
    /** --timezone: every naive time is read in it. */
    timeZone: string | null,
    /** For targets whose site is unknown (unmatched): the zone most of the file's matched targets stand in, or UTC. */
    fallbackZone: string | null,
    private readonly onTarget: (resolved: ResolvedTarget) => void = () => undefined,
  ) {
    this.optionClock = timeZone ? zoneClock(timeZone) : null;
    this.fallbackClock = fallbackZone ? zoneClock(fallbackZone) : null;
  }

  /** The local index of a target, resolving its identity on first sight. */
  target(cacheKey: string, identity: () => TargetIdentity): number {
    const known = this.byKey.get(cacheKey);
    if (known !== undefined) return known;
    const resolved = this.resolver.resolve(identity());
    return this.addTarget(cacheKey, resolved);
  }

  addTarget(cacheKey: string, resolved: ResolvedTarget): number {
    const index = this.resolved.length;
    this.resolved.push(resolved);
    this.clocks.push(resolved.zone ? zoneClock(resolved.zone) : null);
    this.prevUtc.push(Number.NaN);
    this.descending.push(false);
    this.byKey.set(cacheKey, index);
    this.onTarget(resolved);
    return index;
  }

  /** UTC ms of a parsed time for a target; naive times go through the zone with the DST rule. */
  utc(target: number, time: TimeOut): number {
    let utc: number;
    if (!time.naive) {
      utc = time.ms;
    } else {
      const clock = this.optionClock ?? this.clocks[target] ?? this.fallbackClock;
      if (clock === null) {
        utc = time.ms;
        this.zonesUsed.set('UTC', (this.zonesUsed.get('UTC') ?? 0) + 1);
      } else {
        utc = clock.toUtc(time.ms, this.prevUtc[target] as number, this.descending[target] as boolean, this.timeStats);
        this.zonesUsed.set(clock.zone, (this.zonesUsed.get(clock.zone) ?? 0) + 1);
      }
    }
    utc = Math.floor(utc);
    const prev = this.prevUtc[target] as number;
    if (utc < prev) this.descending[target] = true;
    else if (utc > prev) this.descending[target] = false;
    this.prevUtc[target] = utc;
    return utc;
  }

  /** Starts a data row carrying `cells` value cells (1 for a long-format row or a Prometheus sample). */
  beginRow(line: number, cells = 1): void {
    this.closeRow();
    this.rows++;
    this.rowCells = cells;
    this.rowOpen = true;
    this.rowCollapsed = 0;
    this.rowDerived = 0;
    this.ledger.cellsRead += cells;
    this.rowLine = line;
    this.rowRejected = false;
    for (const m of this.rowTouched) this.rowValues[m] = Number.NaN;
    this.rowTouched.length = 0;
    this.rowSkips.length = 0;
  }

  /** A placeholder or sentinel cell of the row being assembled. */
  skipValue(reason: string): void {
    this.rowSkips.push(reason);
  }

  /** A value for the row; several columns of one metric keep the first, or the largest with combineMax (the others are booked as collapsed). */
  value(metric: number, value: number, combineMax: boolean): void {
    const current = this.rowValues[metric] as number;
    if (Number.isNaN(current)) {
      this.rowValues[metric] = value;
      this.rowTouched.push(metric);
    } else {
      this.rowCollapsed++;
      if (combineMax && value > current) this.rowValues[metric] = value;
    }
  }

  /** A value derived from another cell of the row (throttle bitmask → flags): no cell of its own. */
  derivedValue(metric: number, value: number): void {
    const current = this.rowValues[metric] as number;
    if (Number.isNaN(current)) {
      this.rowValues[metric] = value;
      this.rowTouched.push(metric);
      this.rowDerived++;
    } else if (value > current) {
      this.rowValues[metric] = value;
    }
  }

  /**
   * Books a row that neither ended nor was rejected: its cells are unaccounted for, and the ledger will not
   * balance. Called when the next row begins and when the file ends.
   */
  closeRow(): void {
    if (!this.rowOpen) return;
    this.rowOpen = false;
    this.ledger.missing(this.rowLine, this.rowCells);
  }

  /** The whole row is passed over (a fault status): its cells are skipped with the reason. */
  skipRow(reason: string): void {
    if (!this.rowOpen) return;
    this.rowOpen = false;
    this.skipCells(reason, this.rowCells);
  }

  /** The row's metric is outside the vocabulary (a Prometheus family such as go_*): its cell is ignored. */
  ignoreRow(name: string, reason: string): void {
    if (!this.rowOpen) return;
    this.rowOpen = false;
    this.ledger.ignore(name, reason, this.rowCells);
    this.ledger.cellsRead -= this.rowCells;
  }

  /** True when the row already holds a value for the metric (a higher-priority column had one). */
  hasValue(metric: number): boolean {
    return !Number.isNaN(this.rowValues[metric]);
  }

  /** Rejects the row being assembled (its readings are dropped) and records why. */
  rejectRow(column: string, reason: string): void {
    if (this.rowRejected) return;
    this.rowRejected = true;
    this.reject(this.rowLine, column, reason);
    if (this.rowOpen) {
      this.rowOpen = false;
      this.ledger.reject(reasonKind(column, reason), this.rowCells);
    }
  }

  get rowIsRejected(): boolean {
    return this.rowRejected;
  }

  /** Hands the row's readings to the sink, all at the row's time. */
  endRow(target: number, ts: number): void {
    if (this.rowRejected) return;
    if (this.rowOpen) {
      this.rowOpen = false;
      const fromCells = this.rowTouched.length - this.rowDerived;
      this.ledger.fromCells += fromCells;
      this.ledger.derived += this.rowDerived;
      if (this.rowCollapsed > 0) this.ledger.collapse('another column of the row gave the same metric', this.rowCollapsed);
      const booked = fromCells + this.rowCollapsed + this.rowSkips.length;
      if (booked !== this.rowCells) this.ledger.missing(this.rowLine, this.rowCells - booked);
    }
    for (const reason of this.rowSkips) this.skipCells(reason, 1);
    this.rowSkips.length = 0;
    if (this.rowTouched.length === 0) return;
    for (const m of this.rowTouched) this.sink.add(this.placed(m, target), target, ts, this.rowValues[m] as number);
    this.usableRows++;
  }

  /** A row of the long format: one reading, no assembly. */
  single(metric: number, target: number, ts: number, value: number): void {
    this.ledger.cellsRead++;
    this.ledger.fromCells++;
    this.sink.add(this.placed(metric, target), target, ts, value);
    this.usableRows++;
  }

  /** A generic air temperature on an inlet or outlet sensor is that sensor's inlet or outlet temperature. */
  private placed(metric: number, target: number): number {
    if (metric !== AIR_TEMP) return metric;
    const position = this.resolved[target]?.position;
    if (position === 'inlet') return INLET_TEMP;
    if (position === 'outlet') return OUTLET_TEMP;
    return metric;
  }

  reject(line: number, column: string, reason: string): void {
    this.rejected++;
    if (this.errors.length < MAX_ERRORS_KEPT) this.errors.push({ line, column, reason });
  }

  /** A line that holds no data cell (a pdsh notice, an NVML error line), passed over and counted. */
  skip(reason: string): void {
    this.ledger.line(reason);
    this.tallySkip(reason, 1);
  }

  private skipCells(reason: string, count: number): void {
    this.ledger.skip(reason, count);
    this.tallySkip(reason, count);
  }

  private tallySkip(reason: string, count: number): void {
    this.skipped += count;
    this.skippedBy.set(reason, (this.skippedBy.get(reason) ?? 0) + count);
  }

  ignoreMetric(name: string): void {
    this.ignoredMetrics.set(name, (this.ignoredMetrics.get(name) ?? 0) + 1);
  }

  deadGpu(gpu: DeadGpu): void {
    this.skip('NVML error line (GPU unreadable)');
    this.unreadableGpu(gpu);
  }

  /** A GPU that answered `[GPU is lost]` or `[GPU requires reset]` in a row: its cells are skipped as placeholders, the GPU is listed. */
  unreadableGpu(gpu: DeadGpu): void {
    if (this.deadGpus.length < MAX_DEAD_GPUS_KEPT) this.deadGpus.push(gpu);
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
}

/** A sink that keeps the first readings, for the preview. */
export class SampleSink implements ReadingSink {
  readonly readings: Array<{ metric: number; target: number; ts: number; value: number }> = [];
  count = 0;

  add(metric: number, target: number, ts: number, value: number): void {
    this.count++;
    if (this.readings.length < SAMPLE_READINGS) this.readings.push({ metric, target, ts, value });
  }

  describe(run: ImportRun): SampleReading[] {
    return this.readings.map((r) => {
      const target = run.resolved[r.target];
      const def = METRICS[r.metric];
      return {
        target: target?.label ?? '?',
        matched: target !== undefined && target.kind !== 'unmatched',
        at: new Date(r.ts).toISOString(),
        metric: def?.name ?? '?',
        value: r.value,
        unit: def?.unit ?? '',
      };
    });
  }
}
