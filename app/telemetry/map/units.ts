import type { CanonicalUnit, MetricDef } from './metrics';

/**
 * Units as files write them ("°F", "[W]", ".kW", "gal/min", "lbs/in²", "DEGREESF") and their conversion to
 * the vocabulary's canonical units. A temperature *difference* (ΔT) converts by scale only: 9 °F of rise is
 * 5 K, not −12.8 °C. Pure.
 */

export type Dimension = 'temperature' | 'power' | 'energy' | 'memory' | 'frequency' | 'flow' | 'pressure' | 'percent' | 'current' | 'time';

export interface UnitSpec {
  /** As written in the file, for the preview. */
  readonly text: string;
  readonly dimension: Dimension;
  /** Multiply to reach the dimension's base (°C, W, J, MiB, MHz, L/min, kPa, %, A, µs). */
  readonly scale: number;
  /** Added after scaling; only absolute temperatures have one (°F → °C, K → °C). */
  readonly offset: number;
}

/** canonical = raw × scale + offset */
export interface Converter {
  readonly scale: number;
  readonly offset: number;
}

const IDENTITY: Converter = { scale: 1, offset: 0 };

const L_PER_US_GALLON = 3.785411784;
const KPA_PER_PSI = 6.894757293168361;
const BYTES_PER_MIB = 1024 * 1024;
const J_PER_WH = 3600;

function spec(dimension: Dimension, scale: number, offset = 0): Omit<UnitSpec, 'text'> {
  return { dimension, scale, offset };
}

const CELSIUS = spec('temperature', 1);
const FAHRENHEIT = spec('temperature', 5 / 9, -32 * (5 / 9));
const KELVIN = spec('temperature', 1, -273.15);
const WATT = spec('power', 1);
const KILOWATT = spec('power', 1000);
const PERCENT = spec('percent', 1);
const LPM = spec('flow', 1);
const GPM = spec('flow', L_PER_US_GALLON);
const KPA = spec('pressure', 1);
const PSI = spec('pressure', KPA_PER_PSI);
const MIB = spec('memory', 1);

/** Case matters here: mW is not MW, and MiB is not Mib. */
const EXACT: ReadonlyMap<string, Omit<UnitSpec, 'text'>> = new Map<string, Omit<UnitSpec, 'text'>>([
  ...['C', '°C', 'degC', 'deg C', 'DEGREESC', 'Celsius', 'celsius', 'degrees C', 'DegreesCelsius', 'Cel', 'oC'].map((u) => [u, CELSIUS] as const),
  ...['F', '°F', 'degF', 'deg F', 'DEGREESF', 'Fahrenheit', 'fahrenheit', 'degrees F', 'oF'].map((u) => [u, FAHRENHEIT] as const),
  ...['K', 'Kelvin', 'kelvin'].map((u) => [u, KELVIN] as const),
  ...['W', 'Watts', 'watts', 'Watt', 'watt'].map((u) => [u, WATT] as const),
  ...['kW', 'KW', 'kw', 'Kilowatts', 'kilowatts'].map((u) => [u, KILOWATT] as const),
  ['MW', spec('power', 1e6)],
  ['mW', spec('power', 1e-3)],
  ['J', spec('energy', 1)],
  ['kJ', spec('energy', 1e3)],
  ['MJ', spec('energy', 1e6)],
  ['mJ', spec('energy', 1e-3)],
  ['Wh', spec('energy', J_PER_WH)],
  ...['kWh', 'KWh', 'kwh', 'KWH'].map((u) => [u, spec('energy', J_PER_WH * 1e3)] as const),
  ['MWh', spec('energy', J_PER_WH * 1e6)],
  ['B', spec('memory', 1 / BYTES_PER_MIB)],
  ['KiB', spec('memory', 1 / 1024)],
  ['MiB', MIB],
  ['GiB', spec('memory', 1024)],
  ['TiB', spec('memory', 1024 * 1024)],
  ['KB', spec('memory', 1e3 / BYTES_PER_MIB)],
  ['MB', spec('memory', 1e6 / BYTES_PER_MIB)],
  ['GB', spec('memory', 1e9 / BYTES_PER_MIB)],
  ['Hz', spec('frequency', 1e-6)],
  ['kHz', spec('frequency', 1e-3)],
  ['MHz', spec('frequency', 1)],
  ['GHz', spec('frequency', 1e3)],
  ...['L/min', 'l/min', 'lpm', 'LPM', 'Lpm', 'L/m', 'LitersPerMinute', 'LiterPerMinute', 'litres/min', 'liters/min'].map((u) => [u, LPM] as const),
  ...['L/s', 'l/s'].map((u) => [u, spec('flow', 60)] as const),
  ...['gal/min', 'gpm', 'GPM', 'Gpm', 'USgpm', 'GallonsPerMinute', 'gallons/min', 'US gal/min'].map((u) => [u, GPM] as const),
  ...['m3/h', 'm³/h', 'm^3/h', 'cmh'].map((u) => [u, spec('flow', 1000 / 60)] as const),
  ...['kPa', 'KPa', 'kpa', 'KPA'].map((u) => [u, KPA] as const),
  ['Pa', spec('pressure', 1e-3)],
  ['MPa', spec('pressure', 1e3)],
  ...['bar', 'Bar', 'BAR'].map((u) => [u, spec('pressure', 100)] as const),
  ...['mbar', 'mBar'].map((u) => [u, spec('pressure', 0.1)] as const),
  ...['psi', 'PSI', 'Psi', 'psig', 'psid', 'PSIG', 'PSID', 'lbs/in²', 'lbs/in2', 'lb/in²', 'lb/in2', 'lbf/in²', 'lbf/in2', 'PoundsPerSquareInch'].map(
    (u) => [u, PSI] as const,
  ),
  ...['%', 'percent', 'Percent', 'pct', 'PCT', 'PERCENT', '%RH', '% RH', '%rh', 'RH', 'rh', '% rH'].map((u) => [u, PERCENT] as const),
  ...['A', 'Amps', 'amps', 'Amp', 'amp', 'Ampere', 'amperes'].map((u) => [u, spec('current', 1)] as const),
  ['mA', spec('current', 1e-3)],
  ...['us', 'µs', 'μs', 'usec'].map((u) => [u, spec('time', 1)] as const),
  ['ns', spec('time', 1e-3)],
  ['ms', spec('time', 1e3)],
  ['s', spec('time', 1e6)],
]);

/** Symbols that spreadsheets and old encodings substitute for the degree sign. */
function cleanUnitText(text: string): string {
  return text
    .replace(/Â(?=[°º])/g, '')
    .replace(/[º˚]/g, '°')
    .replace(/℃/g, '°C')
    .replace(/℉/g, '°F')
    .replace(/^[[(]\s*|\s*[\])]$/g, '')
    .trim();
}

/** The unit a text names, or null when Floorwalk does not know it. An empty text is null, not an error. */
export function parseUnit(raw: string): UnitSpec | null {
  const text = cleanUnitText(raw);
  if (text === '') return null;
  const exact = EXACT.get(text) ?? EXACT.get(text.replace(/\s+/g, ''));
  if (exact) return { text, ...exact };
  if (text.startsWith('°') || /^deg(rees)?\s*/i.test(text)) {
    const letter = text.replace(/^°|^deg(rees)?\s*/i, '').trim().toUpperCase();
    if (letter === 'C') return { text, ...CELSIUS };
    if (letter === 'F') return { text, ...FAHRENHEIT };
  }
  return null;
}

const DIMENSION_OF: Partial<Record<CanonicalUnit, { dimension: Dimension; scale: number }>> = {
  C: { dimension: 'temperature', scale: 1 },
  K: { dimension: 'temperature', scale: 1 },
  '%': { dimension: 'percent', scale: 1 },
  W: { dimension: 'power', scale: 1 },
  kW: { dimension: 'power', scale: 1000 },
  kWh: { dimension: 'energy', scale: J_PER_WH * 1000 },
  J: { dimension: 'energy', scale: 1 },
  MiB: { dimension: 'memory', scale: 1 },
  MHz: { dimension: 'frequency', scale: 1 },
  'L/min': { dimension: 'flow', scale: 1 },
  kPa: { dimension: 'pressure', scale: 1 },
  A: { dimension: 'current', scale: 1 },
  us: { dimension: 'time', scale: 1 },
};

/**
 * How to turn a value in `unit` into the metric's canonical unit; null when the two do not measure the
 * same thing (watts for a temperature). A missing unit means the value is already canonical.
 */
export function converterFor(unit: UnitSpec | null, metric: MetricDef): Converter | null {
  if (unit === null) return IDENTITY;
  const target = DIMENSION_OF[metric.unit];
  if (!target || target.dimension !== unit.dimension) return null;
  if (metric.unit === 'K') return { scale: unit.scale, offset: 0 };
  const scale = unit.scale / target.scale;
  const offset = unit.offset / target.scale;
  if (scale === 1 && offset === 0) return IDENTITY;
  return { scale, offset };
}

/** The units a technician picks from in the console's map table, as written there (each one `parseUnit` reads). */
const CHOOSABLE_UNITS: readonly string[] = ['°C', '°F', 'K', 'W', 'kW', 'MW', 'mW', 'J', 'kJ', 'MJ', 'mJ', 'Wh', 'kWh', 'MWh', 'MiB', 'GiB', 'MB', 'GB', 'MHz', 'GHz', 'L/min', 'L/s', 'gal/min', 'm³/h', 'kPa', 'Pa', 'psi', 'bar', '%', 'A', 'mA', 'us', 'ms', 's'];

/** The units a metric's values may be given in (converted on import), for the map table's unit choice. */
export function unitChoices(metric: MetricDef): string[] {
  return CHOOSABLE_UNITS.filter((text) => {
    const unit = parseUnit(text);
    return unit !== null && converterFor(unit, metric) !== null;
  });
}
