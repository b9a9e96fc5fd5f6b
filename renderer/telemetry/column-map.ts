import type { DetectedColumn, TelemetryFormat } from '../../app/telemetry/types';

/**
 * The console's corrections of a file's column map, as the `COLUMN=ROLE[:UNIT]` texts the core takes
 * (`map` in telemetry.detect / telemetry.import, and what a profile stores). Pure.
 */

export interface Correction {
  readonly column: string;
  readonly role: string;
  readonly unit: string | null;
}

/** Formats whose columns a correction applies to; the others name the metric in every row. */
export const MAPPABLE_FORMATS: readonly TelemetryFormat[] = ['nvidia-smi', 'dcgm-csv', 'rack-env', 'cdu'];

/** Roles a column of a table export can take besides a metric (nvidia-smi names its identity columns by --query-gpu). */
export const TABLE_ROLES: ReadonlyArray<{ role: string; label: string }> = [
  { role: 'timestamp', label: 'time' },
  { role: 'date', label: 'date' },
  { role: 'time', label: 'time of day' },
  { role: 'rack', label: 'target: rack' },
  { role: 'sensor', label: 'target: sensor' },
  { role: 'cdu', label: 'target: CDU' },
  { role: 'pdu', label: 'target: PDU' },
  { role: 'host', label: 'target: hostname' },
  { role: 'serial', label: 'target: serial' },
  { role: 'target', label: 'target: any name' },
  { role: 'site', label: 'place: site' },
  { role: 'room', label: 'place: room' },
  { role: 'location', label: 'place: location' },
  { role: 'status', label: 'status' },
];

export function parseCorrection(spec: string): Correction {
  const eq = spec.lastIndexOf('=');
  const column = spec.slice(0, eq).trim();
  const [role = '', ...rest] = spec.slice(eq + 1).split(':');
  return { column, role: role.trim(), unit: rest.length > 0 ? rest.join(':').trim() || null : null };
}

export function correctionSpec(c: Correction): string {
  return `${c.column}=${c.role}${c.unit !== null ? `:${c.unit}` : ''}`;
}

export function correctionOf(map: readonly string[], column: string): Correction | null {
  for (const spec of map) {
    const c = parseCorrection(spec);
    if (c.column === column) return c;
  }
  return null;
}

/** The map with one column's correction set (or removed, with null), the others kept in order. */
export function withCorrection(map: readonly string[], column: string, correction: Omit<Correction, 'column'> | null): string[] {
  const out: string[] = [];
  let placed = false;
  for (const spec of map) {
    if (parseCorrection(spec).column !== column) out.push(spec);
    else if (correction) {
      out.push(correctionSpec({ column, ...correction }));
      placed = true;
    }
  }
  if (correction && !placed) out.push(correctionSpec({ column, ...correction }));
  return out;
}

/** The role a column has now, as the role select shows it: the detected use when no correction names one. */
export function currentRole(column: DetectedColumn): string {
  if (column.use === 'metric' && column.metric) return column.metric;
  if (column.use === 'ignored') return 'ignore';
  if (column.use === 'timestamp' || column.use === 'date' || column.use === 'time' || column.use === 'status') return column.use;
  return '';
}

/** A time column's zone as the correction says it (`timestamp:UTC`, `timestamp:local`), '' for the file's rule. */
export function timeZoneOf(correction: Correction | null): '' | 'UTC' | 'local' {
  if (!correction || correction.role !== 'timestamp' || correction.unit === null) return '';
  return /^utc$/i.test(correction.unit) ? 'UTC' : 'local';
}
