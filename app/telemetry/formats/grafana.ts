import { CsvDecoder } from '../../core/csv/decode';
import { CsvParser } from '../../core/csv/parser';
import type { CsvDelimiter, CsvRecord } from '../../core/csv/types';
import { FloorwalkError } from '../../core/errors';
import { CellReader, makeCellPlan, type CellPlan } from '../engine/cells';
import type { ImportRun } from '../engine/run';
import { dcgmField } from '../map/gpu-fields';
import { parseTimestampText, type DateOrder, type TimeOut } from '../map/timestamps';
import { parseUnit } from '../map/units';
import { METRICS, metricIndex, unitLabel } from '../map/metrics';
import type { DetectedColumn } from '../types';
import { dcgmIdentity, parseLabels } from './prometheus';

/**
 * Grafana's CSV downloads of Prometheus / DCGM panels (Inspect → Data → Download CSV), in its three layouts:
 * - series joined by time: `Time`, then one column per series named as Grafana shows it,
 *   `DCGM_FI_DEV_GPU_TEMP{Hostname="…", UUID="GPU-…", gpu="0"}`; a series without a point at that time
 *   is an empty cell;
 * - table (long): `Time`, `__name__`, one column per label, `Value`;
 * - series as rows (Grafana before 7): `Series;Time;Value`.
 * Values may carry the panel's unit (`55 °C`, `612 W`); times are ISO, epoch ms (fractional too), or the
 * browser's wall-clock time (`2024-01-15 10:00:00`, read in the site's zone like any naive time).
 * Every value cell is one reading of the series' GPU; the run books each one (`rows` counts samples).
 */

export type GrafanaLayout = 'joined' | 'table' | 'series-rows';

const SERIES = /^([A-Za-z_:][A-Za-z0-9_:]*)\s*(?:\{(.*)\})?$/;
const clean = (cell: string): string => cell.replace(/^\ufeff/, '').trim();

/** The layout of a header row, or null when it is not one of Grafana's. */
export function grafanaLayout(header: readonly string[]): GrafanaLayout | null {
  const cells = header.map(clean);
  if (cells.length === 3 && /^series$/i.test(cells[0] ?? '') && /^time$/i.test(cells[1] ?? '') && /^value$/i.test(cells[2] ?? '')) return 'series-rows';
  if (!/^time$/i.test(cells[0] ?? '')) return null;
  if (cells.includes('__name__') && cells.some((c) => /^value$/i.test(c))) return 'table';
  if (cells.slice(1).some((c) => /^[A-Za-z_:][A-Za-z0-9_:]*\s*\{.*\}$/.test(c) && dcgmField(c.slice(0, c.indexOf('{')).trim())?.metric)) return 'joined';
  return null;
}

interface Series {
  readonly plan: CellPlan | null;
  /** Why the series is not read (no metric of the vocabulary, no GPU named), or null. */
  readonly reason: string | null;
  readonly key: string;
  readonly identity: ReturnType<typeof dcgmIdentity>;
}

export interface GrafanaOptions {
  readonly delimiter: CsvDelimiter | undefined;
  readonly dateOrder: DateOrder;
  /** The host of series that name none (a panel of one host). */
  readonly defaultHost: string | null;
}

export class GrafanaParser {
  private readonly decoder = new CsvDecoder();
  private parser: CsvParser | null = null;
  private layout: GrafanaLayout | null = null;
  private header: string[] = [];
  private columns: Array<Series | null> = [];
  private readonly series = new Map<string, Series>();
  /** Table-layout series by the raw cells of their name and label columns. */
  private readonly tableKeys = new Map<string, Series>();
  private readonly cells: CellReader;
  private readonly time: TimeOut = { ms: 0, naive: true };
  private decimalComma = false;
  private nameIndex = -1;
  private valueIndex = -1;

  constructor(
    private readonly run: ImportRun,
    private readonly options: GrafanaOptions,
  ) {
    this.cells = new CellReader(run);
  }

  push(bytes: Uint8Array): void {
    this.feed(this.decoder.push(bytes), false);
  }

  end(): void {
    this.feed(this.decoder.end(), true);
    if (this.layout === null) throw new FloorwalkError('invalid_input', 'No Grafana header row (Time and series columns, Time/__name__/Value, or Series;Time;Value) in the file.');
  }

  private feed(text: string, final: boolean): void {
    this.parser ??= new CsvParser(this.options.delimiter ? { delimiter: this.options.delimiter } : {}, this.decoder.encoding);
    const records = this.parser.feed(text, final);
    for (const record of records) this.record(record);
  }

  private record(record: CsvRecord): void {
    const fields = record.fields;
    if (fields.length === 1 && clean(fields[0] ?? '') === '') return;
    if (this.layout === null) {
      this.layout = grafanaLayout(fields);
      if (this.layout === null) return;
      this.header = fields.map(clean);
      this.tableKeys.clear();
      this.decimalComma = (this.parser?.dialect?.delimiter ?? ',') !== ',';
      this.nameIndex = this.header.indexOf('__name__');
      this.valueIndex = this.header.findIndex((c) => /^value$/i.test(c));
      if (this.layout === 'joined') this.columns = this.header.map((c, i) => (i === 0 ? null : this.seriesOf(c)));
      return;
    }
    if (clean(fields[0] ?? '') === this.header[0] && clean(fields[1] ?? '') === this.header[1]) return;
    switch (this.layout) {
      case 'joined':
        this.joined(record.line, fields);
        return;
      case 'table':
        this.sample(record.line, this.tableSeries(fields), fields[0] ?? '', fields[this.valueIndex] ?? '');
        return;
      case 'series-rows':
        this.sample(record.line, this.seriesOf(clean(fields[0] ?? '')), fields[1] ?? '', fields[2] ?? '');
        return;
    }
  }

  private joined(line: number, fields: readonly string[]): void {
    const timeText = fields[0] ?? '';
    for (let i = 1; i < this.columns.length; i++) {
      const series = this.columns[i];
      if (!series || i >= fields.length) continue;
      if (series.plan === null) {
        this.run.ledger.ignore(this.header[i] ?? '', series.reason ?? 'not read', 1);
        continue;
      }
      this.sample(line, series, timeText, fields[i] ?? '');
    }
  }

  /** One sample: a series' value at a time. */
  private sample(line: number, series: Series, timeText: string, valueText: string): void {
    const run = this.run;
    run.beginRow(line);
    if (series.plan === null || series.identity === null) {
      if (series.plan === null) run.ignoreRow(series.key, series.reason ?? 'not read');
      else run.rejectRow(series.key, series.reason ?? 'the series names no GPU');
      return;
    }
    if (!parseTimestampText(timeText.trim(), this.options.dateOrder, this.time)) {
      run.rejectRow(this.header[this.layout === 'series-rows' ? 1 : 0] ?? 'Time', timeText.trim() === '' ? 'no time' : `"${timeText.trim()}" is not a date and time Floorwalk can read`);
      return;
    }
    const identity = series.identity;
    const target = run.target(identity.key, () => identity.identity);
    this.cells.read(series.plan, valueText, this.decimalComma);
    if (run.rowIsRejected) return;
    run.endRow(target, run.utc(target, this.time));
  }

  private tableSeries(fields: readonly string[]): Series {
    // The rows of one series repeat the same cells: keyed by the cells as read, its text is built once.
    let key = fields[this.nameIndex] ?? '';
    for (let i = 1; i < this.header.length; i++) if (i !== this.nameIndex && i !== this.valueIndex) key += `\u0001${fields[i] ?? ''}`;
    const known = this.tableKeys.get(key);
    if (known) return known;
    const series = this.tableSeriesOf(fields);
    this.tableKeys.set(key, series);
    return series;
  }

  private tableSeriesOf(fields: readonly string[]): Series {
    const name = clean(fields[this.nameIndex] ?? '');
    const labels: string[] = [];
    for (let i = 1; i < this.header.length; i++) {
      if (i === this.nameIndex || i === this.valueIndex) continue;
      const value = clean(fields[i] ?? '');
      if (value !== '') labels.push(`${this.header[i]}="${value.replace(/["\\]/g, '\\$&')}"`);
    }
    return this.seriesOf(`${name}{${labels.join(',')}}`);
  }

  /** A series by its display name, resolved once: metric plan and GPU identity. */
  private seriesOf(text: string): Series {
    let series = this.series.get(text);
    if (series) return series;
    const m = SERIES.exec(text);
    const name = m?.[1] ?? text;
    const labels = m ? parseLabels(m[2] ?? '') : null;
    const field = m ? dcgmField(name) : undefined;
    const made = field?.metric && field.kind ? makeCellPlan(name, field.metric, field.kind, field.defaultUnit ? parseUnit(field.defaultUnit) : null, { factor: field.factor ?? 1 }) : null;
    const plan = made !== null && typeof made !== 'string' ? made : null;
    const identity = labels ? dcgmIdentity((names) => names.map((n) => labels.get(n)).find((v) => v !== undefined && v !== ''), this.options.defaultHost) : null;
    let reason: string | null = null;
    if (plan === null) reason = m ? `the series ${name} is not a metric Floorwalk imports` : 'the series name is not metric{labels} (set a legend of {{__name__}}{…} or export the table layout)';
    else if (labels === null) reason = 'the series labels cannot be read';
    else if (identity === null) reason = 'the series names no GPU (no UUID, serial, or Hostname with pci_bus_id or gpu label)';
    series = { plan, reason, key: text, identity };
    this.series.set(text, series);
    return series;
  }
}

/** The column map of a Grafana header, as `telemetry detect` and the preview show it. */
export function grafanaColumns(header: readonly string[]): DetectedColumn[] {
  const layout = grafanaLayout(header);
  return header.map(clean).map((column, i): DetectedColumn => {
    const base = { column, metric: null, unit: null, fromUnit: null, note: null };
    if (/^time$/i.test(column)) return { ...base, use: 'timestamp', note: 'ISO, epoch ms, or the browser’s local time' };
    if (layout === 'series-rows') return i === 0 ? { ...base, use: 'metric-name', note: 'metric{labels}: the labels name the GPU' } : { ...base, use: 'value' };
    if (layout === 'table') {
      if (column === '__name__') return { ...base, use: 'metric-name' };
      if (/^value$/i.test(column)) return { ...base, use: 'value' };
      return { ...base, use: 'target', note: 'label' };
    }
    const name = SERIES.exec(column)?.[1] ?? column;
    const def = METRICS[metricIndex(dcgmField(name)?.metric ?? '')];
    if (!def) return { ...base, use: 'ignored', note: `the series ${name} is not a metric Floorwalk imports` };
    return { ...base, use: 'metric', metric: def.name, unit: unitLabel(def.unit), note: 'one series: its labels name the GPU' };
  });
}
