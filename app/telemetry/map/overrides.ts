import { FloorwalkError } from '../../core/errors';
import type { ColumnMeaning } from './columns';
import type { TargetHint } from './identity';
import { METRICS, metricIndex, unitLabel } from './metrics';
import { converterFor, parseUnit } from './units';

/**
 * A technician's correction of the column map: `COLUMN=ROLE[:UNIT]` (CLI `--map`, the console's map table).
 * ROLE is a metric of the vocabulary (`inlet_temp_c`), `ignore`, a time role, a qualifier or a target kind.
 * Pure: it turns the text into the same ColumnMeaning detection produces, so one engine applies either.
 */
export interface ColumnOverride {
  readonly column: string;
  readonly role: string;
  readonly unit: string | null;
}

const TARGET_ROLES: Readonly<Record<string, { hint: TargetHint; field: 'host' | 'serial' | 'name' }>> = {
  rack: { hint: 'rack', field: 'name' },
  sensor: { hint: 'sensor', field: 'name' },
  cdu: { hint: 'cooling_unit', field: 'name' },
  device: { hint: 'device', field: 'name' },
  pdu: { hint: 'device', field: 'name' },
  host: { hint: 'device', field: 'host' },
  serial: { hint: 'any', field: 'serial' },
  target: { hint: 'any', field: 'name' },
};

const PLAIN_ROLES = ['timestamp', 'date', 'time', 'site', 'room', 'location', 'status'] as const;

export const OVERRIDE_ROLES: readonly string[] = ['ignore', ...PLAIN_ROLES, ...Object.keys(TARGET_ROLES), '<metric>'];

const NOTE = 'set by the map correction';

function mapError(spec: string, reason: string): FloorwalkError {
  return new FloorwalkError('invalid_input', `--map "${spec}": ${reason}`, { field: 'map' });
}

/** The `COLUMN=ROLE[:UNIT]` text of a correction (what a profile stores). */
export function overrideSpec(o: ColumnOverride): string {
  return `${o.column}=${o.role}${o.unit !== null ? `:${o.unit}` : ''}`;
}

/** Reads `COLUMN=ROLE[:UNIT]` specs; the column is everything before the last "=" (names may hold ":"). */
export function parseColumnOverrides(specs: readonly string[]): ColumnOverride[] {
  const out: ColumnOverride[] = [];
  for (const spec of specs) {
    const eq = spec.lastIndexOf('=');
    if (eq <= 0) throw mapError(spec, 'write COLUMN=ROLE[:UNIT], e.g. "Temp A=inlet_temp_c:F"');
    const column = spec.slice(0, eq).trim();
    const [rawRole = '', ...rest] = spec.slice(eq + 1).split(':');
    const role = rawRole.trim().toLowerCase();
    const unit = rest.length > 0 ? rest.join(':').trim() : null;
    if (out.some((o) => o.column === column)) throw mapError(spec, `column "${column}" is corrected twice`);
    const override: ColumnOverride = { column, role, unit: unit === '' ? null : unit };
    checkOverride(spec, override);
    out.push(override);
  }
  return out;
}

function checkOverride(spec: string, o: ColumnOverride): void {
  const metric = metricIndex(o.role);
  if (metric >= 0) {
    if (o.unit === null) return;
    const def = METRICS[metric];
    const unit = parseUnit(o.unit);
    if (!unit || !def || !converterFor(unit, def)) throw mapError(spec, `${o.unit} is not a unit of ${o.role} (${def ? unitLabel(def.unit) : '?'})`);
    return;
  }
  if (o.role === 'ignore' || (PLAIN_ROLES as readonly string[]).includes(o.role) || o.role in TARGET_ROLES) {
    if (o.unit !== null && o.role !== 'timestamp') throw mapError(spec, `a unit applies to a metric, not to ${o.role}`);
    if (o.role === 'timestamp' && o.unit !== null && !/^(utc|local)$/i.test(o.unit)) throw mapError(spec, 'a timestamp takes :UTC or :local');
    return;
  }
  throw mapError(spec, `"${o.role}" is not a role: use a metric of the vocabulary (floorwalk telemetry stats lists them), or one of ${OVERRIDE_ROLES.join(', ')}`);
}

/** The meaning an override gives its column, in the shape detection gives (so the same plan applies it). */
export function overrideMeaning(o: ColumnOverride): ColumnMeaning {
  const header = o.column;
  if (metricIndex(o.role) >= 0) {
    const def = METRICS[metricIndex(o.role)];
    const flag = def?.unit === 'bool';
    return { header, role: 'metric', metric: o.role, unit: o.unit !== null ? parseUnit(o.unit) : null, valueKind: flag ? 'flag' : 'number', note: NOTE };
  }
  if (o.role === 'ignore') return { header, role: 'ignored', note: 'ignored by the map correction' };
  const target = TARGET_ROLES[o.role];
  if (target) return { header, role: 'target', hint: target.hint, identityField: target.field, note: NOTE };
  const role = o.role as (typeof PLAIN_ROLES)[number];
  return { header, role, ...(role === 'timestamp' && o.unit !== null ? { utc: /^utc$/i.test(o.unit) } : {}), note: NOTE };
}

/** Overrides naming columns the header lacks: an error naming the header's columns, so a typo never passes. */
export function checkOverridesAgainst(overrides: readonly ColumnOverride[], header: readonly string[], aliases: readonly string[] = []): void {
  const names = header.map((h) => h.replace(/^\ufeff/, '').trim());
  for (const o of overrides) {
    if (!names.includes(o.column) && !aliases.includes(o.column)) {
      throw new FloorwalkError('invalid_input', `--map names a column "${o.column}" the file does not have; its columns are: ${names.join(', ')}.`, { field: 'map' });
    }
  }
}
