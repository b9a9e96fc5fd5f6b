import { METRICS, metricIndex, type MetricDef } from '../map/metrics';
import { converterFor, parseUnit, type Converter, type UnitSpec } from '../map/units';
import { parseFlagText, parseNumberText, parsePstateText, placeholderReason, sentinelReason, type NumberOut } from '../map/values';
import { THROTTLE_POWER_MASK, THROTTLE_THERMAL_MASK, type ValueKind } from '../map/gpu-fields';
import type { ImportRun } from './run';

/**
 * One value column of a wide row (nvidia-smi, DCGM, rack and CDU exports) and how its cells become a
 * reading: placeholder → skipped, sentinel → skipped, unit in the cell → converted, implausible or
 * unreadable → the row is rejected with the column and the reason.
 */
export interface CellPlan {
  readonly header: string;
  readonly metric: number;
  readonly kind: ValueKind;
  readonly combineMax: boolean;
  /** The unit the header (or the field's default) gives, null when none. */
  readonly unit: UnitSpec | null;
  readonly converter: Converter;
  /** Applied before the unit conversion (DCGM ratios → %). */
  readonly factor: number;
}

const THROTTLE_THERMAL = metricIndex('throttle_thermal');
const THROTTLE_POWER = metricIndex('throttle_power');

export function makeCellPlan(header: string, metricName: string, kind: ValueKind, unit: UnitSpec | null, options: { combineMax?: boolean; factor?: number } = {}): CellPlan | string {
  const metric = metricIndex(metricName);
  const def = METRICS[metric];
  if (!def) return `unknown metric ${metricName}`;
  const converter = kind === 'number' ? converterFor(unit, def) : converterFor(null, def);
  if (!converter) return `${unit?.text ?? ''} is not a unit of ${def.name} (${def.unit})`;
  return { header, metric, kind, combineMax: options.combineMax ?? false, unit, converter, factor: options.factor ?? 1 };
}

/**
 * A cell that is a plain decimal number (`55`, `-3.25`, ` 610.5`), the value of nearly every cell of a big
 * export, read without the general parser's regular expressions; NaN for anything else (units, placeholders,
 * exponents, hex, thousands separators), which then takes the general path. Only for files with a decimal
 * point: with a decimal comma, a dot is a thousands separator.
 */
function plainNumber(raw: string): number {
  let start = 0;
  let end = raw.length;
  while (start < end && raw.charCodeAt(start) === 0x20) start++;
  while (end > start && raw.charCodeAt(end - 1) === 0x20) end--;
  let i = start < end && raw.charCodeAt(start) === 0x2d ? start + 1 : start;
  let digits = 0;
  let dots = 0;
  for (; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2e && dots === 0) dots++;
    else return Number.NaN;
  }
  if (digits === 0) return Number.NaN;
  return Number(start === 0 && end === raw.length ? raw : raw.slice(start, end));
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** Reads cells into the run's current row; one instance per file (it caches unit conversions). */
export class CellReader {
  private readonly out: NumberOut = { value: 0, unit: '' };
  private readonly converters = new Map<string, Converter | null>();

  constructor(private readonly run: ImportRun) {}

  read(plan: CellPlan, raw: string, decimalComma: boolean): void {
    const run = this.run;
    if (plan.kind === 'number' && !decimalComma) {
      const plain = plainNumber(raw);
      if (!Number.isNaN(plain)) {
        this.number(plan, METRICS[plan.metric] as MetricDef, plain * plan.factor, plan.converter, raw);
        return;
      }
    }
    const placeholder = placeholderReason(raw);
    if (placeholder !== null) {
      run.skipValue(placeholder);
      return;
    }
    const def = METRICS[plan.metric] as MetricDef;
    let value: number;
    switch (plan.kind) {
      case 'flag': {
        value = parseFlagText(raw);
        if (Number.isNaN(value) && parseNumberText(raw, decimalComma, this.out) && (this.out.value === 0 || this.out.value === 1)) value = this.out.value;
        if (Number.isNaN(value)) {
          run.rejectRow(plan.header, `"${raw.trim()}" is not a yes/no state`);
          return;
        }
        run.value(plan.metric, value, plan.combineMax);
        return;
      }
      case 'pstate':
        value = parsePstateText(raw);
        if (Number.isNaN(value) && parseNumberText(raw, decimalComma, this.out)) value = this.out.value;
        break;
      case 'bitmask':
      case 'throttle':
      case 'number': {
        if (!parseNumberText(raw, decimalComma, this.out)) {
          const flag = plan.kind === 'number' ? parseFlagText(raw) : Number.NaN;
          if (!Number.isNaN(flag) && def.unit === 'bool') {
            value = flag;
            break;
          }
          run.rejectRow(plan.header, `"${raw.trim()}" is not a number`);
          return;
        }
        value = this.out.value * plan.factor;
        const converter = this.out.unit === '' ? plan.converter : this.converterFor(plan, def, this.out.unit);
        if (converter === null) {
          run.rejectRow(plan.header, `"${raw.trim()}": ${this.out.unit} is not a unit of ${def.name}`);
          return;
        }
        this.number(plan, def, value, converter, raw);
        return;
      }
    }
    this.finish(plan, def, value, raw);
  }

  /** A number in the cell's unit: a sentinel is skipped, anything else converted and checked. */
  private number(plan: CellPlan, def: MetricDef, value: number, converter: Converter, raw: string): void {
    const sentinel = sentinelReason(value, def);
    if (sentinel !== null) {
      this.run.skipValue(sentinel);
      return;
    }
    this.finish(plan, def, value * converter.scale + converter.offset, raw);
  }

  /** A value in the metric's unit: implausible rejects the row, else it is the row's reading. */
  private finish(plan: CellPlan, def: MetricDef, value: number, raw: string): void {
    const run = this.run;
    if (Number.isNaN(value)) {
      run.rejectRow(plan.header, `"${raw.trim()}" is not a value of ${def.name}`);
      return;
    }
    if (value < def.min || value > def.max) {
      run.rejectRow(plan.header, `${formatValue(value)} ${def.unit} is outside the plausible range of ${def.name} (${def.min} to ${def.max})`);
      return;
    }
    run.value(plan.metric, value, plan.combineMax);
    if (plan.kind === 'throttle') {
      run.derivedValue(THROTTLE_THERMAL, (value & THROTTLE_THERMAL_MASK) !== 0 ? 1 : 0);
      run.derivedValue(THROTTLE_POWER, (value & THROTTLE_POWER_MASK) !== 0 ? 1 : 0);
    }
  }

  /** A unit written in the cell ("631.95 W", "80 GiB") rather than the header. */
  private converterFor(plan: CellPlan, def: MetricDef, unitText: string): Converter | null {
    if (plan.unit !== null && unitText === plan.unit.text) return plan.converter;
    const key = `${plan.metric}|${unitText}`;
    let converter = this.converters.get(key);
    if (converter === undefined) {
      const unit = parseUnit(unitText);
      converter = unit ? converterFor(unit, def) : null;
      this.converters.set(key, converter);
    }
    return converter;
  }
}
