import { parseUnit, type UnitSpec } from './units';
import type { TargetHint } from './identity';

/**
 * Spreadsheet column names (rack environment monitors, PDUs, CDUs, BMS point exports) → what the column
 * holds. Units come from the name in any of the ways exports write them: `Inlet Temp (°F)`, `Pwr.kW`,
 * `[W]`, Redfish `SupplyTemperatureCelsius` / `FlowLitersPerMinute` / `DeltaPressurekPa`, or `flow_gpm`.
 * Pure.
 */

export type TableFamily = 'env' | 'cdu';

export type ColumnRole = 'timestamp' | 'date' | 'time' | 'target' | 'site' | 'room' | 'location' | 'status' | 'metric' | 'ignored';

export interface ColumnMeaning {
  readonly header: string;
  readonly role: ColumnRole;
  readonly metric?: string;
  /** The unit the name gives, or null (then the metric's canonical unit is assumed). */
  readonly unit?: UnitSpec | null;
  readonly valueKind?: 'number' | 'flag';
  /** Target columns: what kind of thing they name. */
  readonly hint?: TargetHint;
  /** Target columns holding a hostname or serial rather than a name. */
  readonly identityField?: 'host' | 'serial' | 'name';
  /** Timestamp columns whose name says UTC. */
  readonly utc?: boolean;
  readonly note?: string;
}

const REDFISH_UNIT_SUFFIX = /(Celsius|Fahrenheit|Kelvin|LitersPerMinute|GallonsPerMinute|kPa|KPa|kWh|kW|KW|Watts|Percent|Pa|Bar|PSI|psi)$/;

/** Words of a header, lower case, for keyword rules: "Inlet_Temp-1" → "inlet temp 1". */
function words(text: string): string {
  return ` ${text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/Δ/g, ' delta ')
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim()} `;
}

function has(w: string, ...keys: string[]): boolean {
  return keys.some((k) => w.includes(` ${k} `) || (k.endsWith('*') && w.includes(` ${k.slice(0, -1)}`)));
}

/** Splits a header into its name and the unit it spells, trying the forms exports use. */
export function splitHeaderUnit(raw: string): { name: string; unit: UnitSpec | null } {
  const header = raw.replace(/^\ufeff/, '').replace(/Â(?=[°º])/g, '').trim();
  const bracket = /^(.*?)\s*[([]\s*([^)\]]*?)\s*[)\]]\s*$/.exec(header);
  if (bracket) {
    const unit = parseUnit(bracket[2] ?? '');
    if (unit) return { name: (bracket[1] ?? '').trim(), unit };
  }
  const inWord = /^(.*?)\s+in\s+(\S+)$/i.exec(header);
  if (inWord) {
    const unit = parseUnit(inWord[2] ?? '');
    if (unit) return { name: (inWord[1] ?? '').trim(), unit };
  }
  const dotted = /^(.+?)\.([A-Za-z%°/]+)$/.exec(header);
  if (dotted) {
    const unit = parseUnit(dotted[2] ?? '');
    if (unit) return { name: (dotted[1] ?? '').trim(), unit };
  }
  const redfish = REDFISH_UNIT_SUFFIX.exec(header);
  if (redfish && redfish.index > 0 && !/\s/.test(header)) {
    const unit = parseUnit(redfish[1] ?? '');
    if (unit) return { name: header.slice(0, redfish.index), unit };
  }
  const suffix = /^(.+?)[_\s]+([A-Za-z%°/]+)$/.exec(header);
  if (suffix) {
    const unit = parseUnit(suffix[2] ?? '');
    if (unit && unitFitsName(suffix[1] ?? '', unit)) return { name: (suffix[1] ?? '').trim(), unit };
  }
  return { name: header, unit: null };
}

/** "Sensor A" is not in amperes: a trailing unit word counts only when the rest of the name measures it. */
function unitFitsName(name: string, unit: UnitSpec): boolean {
  const w = words(name);
  switch (unit.dimension) {
    case 'temperature':
      return has(w, 'temp*', 'inlet', 'outlet', 'supply', 'return', 'dew', 'delta', 'dt');
    case 'power':
      return has(w, 'power', 'pwr', 'load', 'heat');
    case 'flow':
      return has(w, 'flow');
    case 'pressure':
      return has(w, 'pressure', 'press', 'dp');
    case 'percent':
      return has(w, 'humidity', 'rh', 'pump', 'speed', 'valve', 'util*');
    case 'energy':
      return has(w, 'energy');
    case 'current':
      return has(w, 'current', 'amps', 'phase', 'ph');
    default:
      return false;
  }
}

const TIMESTAMP_NAMES = /^(timestamp|time ?stamp|date ?time|date ?& ?time|date\/time|datetime|ts|epoch|epoch[ _]?(ms|s|sec|seconds)|(timestamp|time|ts)[ _](ms|s|sec|seconds|us|ns)|unix ?time|reading ?time|sample ?time|record ?time|collected|collection ?time|logged|log ?time|time)$/i;

/** What one header names, for a table of the given family. */
export function interpretColumn(raw: string, family: TableFamily, hasDateColumn: boolean): ColumnMeaning {
  const header = raw.replace(/^\ufeff/, '').trim();
  const utc = /\b(utc|gmt|zulu)\b/i.test(header);
  const { name, unit } = splitHeaderUnit(header.replace(/\s*[([]\s*(utc|gmt|local|local time)\s*[)\]]\s*$/i, ''));
  const w = words(name);
  const bare = name.trim().toLowerCase();

  if (TIMESTAMP_NAMES.test(bare)) {
    if (bare === 'time' && hasDateColumn) return { header, role: 'time', utc };
    return { header, role: 'timestamp', utc };
  }
  if (bare === 'date' || bare === 'day') return { header, role: 'date', utc };
  if (has(w, 'site', 'site code')) return { header, role: 'site' };
  if (has(w, 'room', 'hall', 'data hall', 'zone') && !has(w, 'temp*', 'humidity')) return { header, role: 'room' };
  if (has(w, 'location', 'path') && !has(w, 'temp*')) return { header, role: 'location' };
  if (has(w, 'leak*')) return { header, role: 'metric', metric: 'leak', unit: null, valueKind: 'flag' };
  if (has(w, 'status', 'state', 'alarm', 'condition', 'health', 'quality')) return { header, role: 'status' };

  // A column whose name carries a unit measures something; it never names the target ("Dew Point (°C)").
  const target = unit === null && !has(w, 'dew*') ? targetColumn(w, bare, family) : null;
  if (target) return { header, role: 'target', ...target };

  if (has(w, 'max', 'maximum', 'min', 'minimum', 'peak', 'avg', 'average', 'limit', 'threshold', 'setpoint', 'set point', 'sp', 'high', 'low')) {
    return { header, role: 'ignored', note: 'a limit or summary, not a reading' };
  }
  const metric = family === 'cdu' ? cduMetric(w, unit) : envMetric(w, unit);
  if (metric) return { header, role: 'metric', metric, unit, valueKind: 'number' };
  return { header, role: 'ignored', note: 'not a quantity Floorwalk knows' };
}

function targetColumn(w: string, bare: string, family: TableFamily): Pick<ColumnMeaning, 'hint' | 'identityField'> | null {
  if (has(w, 'serial', 'serial number', 'serialnumber', 'sn')) return { hint: family === 'cdu' ? 'cooling_unit' : 'device', identityField: 'serial' };
  if (has(w, 'hostname', 'host', 'node', 'pdu', 'device', 'device name')) return { hint: 'device', identityField: 'host' };
  if (has(w, 'rack', 'cabinet', 'rack name', 'rack id')) return { hint: 'rack', identityField: 'name' };
  if (has(w, 'sensor', 'sensor name', 'probe', 'point', 'point name')) return { hint: 'sensor', identityField: 'name' };
  if (has(w, 'cdu', 'cdu name', 'unit', 'unit name', 'cooling unit')) return { hint: 'cooling_unit', identityField: 'name' };
  if (bare === '@odata.id' || has(w, 'name', 'id', 'entity', 'target', 'asset', 'equipment', 'member')) {
    return { hint: family === 'cdu' ? 'cooling_unit' : 'any', identityField: 'name' };
  }
  return null;
}

function envMetric(w: string, unit: UnitSpec | null): string | null {
  const temp = has(w, 'temp*', 't') || unit?.dimension === 'temperature';
  if (has(w, 'delta', 'dt', 'diff*', 'rise', 'difference') && temp) return 'delta_t_k';
  if (has(w, 'dew*', 'dewpoint')) return 'dew_point_c';
  if (has(w, 'humidity', 'rh', 'hum') || (unit?.dimension === 'percent' && has(w, 'h'))) return 'humidity_pct';
  if (temp && has(w, 'inlet', 'intake', 'front', 'cold', 'supply', 'in')) return 'inlet_temp_c';
  if (temp && has(w, 'outlet', 'exhaust', 'rear', 'back', 'hot', 'return', 'out')) return 'outlet_temp_c';
  if (temp) return 'air_temp_c';
  if (has(w, 'energy', 'kwh') || unit?.dimension === 'energy') return 'rack_energy_kwh';
  if (has(w, 'current', 'amps', 'ph i', 'phase') || unit?.dimension === 'current') return 'rack_current_a';
  if (has(w, 'power', 'pwr', 'load', 'kw', 'watts') || unit?.dimension === 'power') return 'rack_power_w';
  return null;
}

/** CDU points. Secondary loop (to the racks) is the coolant; primary (facility water) is kept apart. */
function cduMetric(w: string, unit: UnitSpec | null): string | null {
  const primary = has(w, 'primary', 'facility', 'fws', 'pcw');
  const temp = has(w, 'temp*') || unit?.dimension === 'temperature';
  const supply = has(w, 'supply') || (has(w, 'liquid') && (primary ? has(w, 'inlet') : has(w, 'outlet')));
  const ret = has(w, 'return') || (has(w, 'liquid') && (primary ? has(w, 'outlet') : has(w, 'inlet')));
  if (has(w, 'delta', 'dt', 'diff*', 'differential') && has(w, 'pressure', 'press', 'p')) return primary ? 'facility_pressure_kpa' : 'coolant_pressure_kpa';
  if (has(w, 'dp')) return primary ? 'facility_pressure_kpa' : 'coolant_pressure_kpa';
  if (has(w, 'delta', 'dt', 'diff*', 'rise') && temp) return 'coolant_delta_t_k';
  if (temp && supply) return primary ? 'facility_supply_c' : 'coolant_supply_c';
  if (temp && ret) return primary ? 'facility_return_c' : 'coolant_return_c';
  if (has(w, 'flow*') || unit?.dimension === 'flow') return primary ? 'facility_flow_lpm' : 'coolant_flow_lpm';
  if (has(w, 'pressure', 'press') || unit?.dimension === 'pressure') {
    if (primary) return ret ? 'facility_return_pressure_kpa' : 'facility_supply_pressure_kpa';
    return ret ? 'coolant_return_pressure_kpa' : 'coolant_supply_pressure_kpa';
  }
  if (has(w, 'pump*') && (has(w, 'speed', 'rpm', 'percent', '%') || unit?.dimension === 'percent')) return 'pump_speed_pct';
  if (has(w, 'heat', 'heat removed', 'capacity', 'cooling')) return 'heat_removed_kw';
  if (has(w, 'power', 'pwr', 'kw') || unit?.dimension === 'power') return 'cdu_power_kw';
  if (has(w, 'humidity', 'rh')) return 'humidity_pct';
  if (has(w, 'dew*')) return 'dew_point_c';
  return null;
}

/** Words that mark a table as a CDU/liquid-loop export. */
export function looksLikeCduHeader(headers: readonly string[]): boolean {
  const text = words(headers.join(' '));
  return has(text, 'coolant', 'cdu', 'flow*', 'pump*', 'liquid', 'loop', 'supply temperature', 'return temperature', 'delta pressure', 'heat removed');
}
