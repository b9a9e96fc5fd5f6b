import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import { checkOverridesAgainst, overrideSpec, parseColumnOverrides } from '../map/overrides';
import { TELEMETRY_FORMATS, type TelemetryFormat, type TelemetryProfile } from '../types';
import { headerFingerprint } from './fingerprint';

/**
 * Telemetry profiles in SQLite (`telemetry_profiles`): a corrected column map under a name, with the header
 * it was made for. A profile is checked like `--map` before it is stored, so a stored profile always names
 * columns its header has and units its metrics take.
 */

interface ProfileRow {
  name: string;
  format: string;
  fingerprint: string;
  header: string;
  map: string;
  timezone: string | null;
  columns: string | null;
  actor: string;
  created_at: string;
  updated_at: string;
  uses: number;
  last_used_at: string | null;
}

/** Formats whose columns a map corrects; the others name the metric in every row (see checkOptions). */
const MAPPABLE: readonly TelemetryFormat[] = ['nvidia-smi', 'dcgm-csv', 'rack-env', 'cdu'];

function toProfile(row: ProfileRow): TelemetryProfile {
  return {
    name: row.name,
    format: row.format as TelemetryFormat,
    fingerprint: row.fingerprint,
    header: JSON.parse(row.header) as string[],
    map: JSON.parse(row.map) as string[],
    timezone: row.timezone,
    columns: row.columns,
    actor: row.actor,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    uses: row.uses,
    lastUsedAt: row.last_used_at,
  };
}

export function listProfiles(db: Db): TelemetryProfile[] {
  return (db.prepare('SELECT * FROM telemetry_profiles ORDER BY name').all() as ProfileRow[]).map(toProfile);
}

export function findProfile(db: Db, name: string): TelemetryProfile | null {
  const row = db.prepare('SELECT * FROM telemetry_profiles WHERE name = ?').get(name) as ProfileRow | undefined;
  return row ? toProfile(row) : null;
}

/** The profile a file names, or a refusal listing the ones there are. */
export function requireProfile(db: Db, name: string): TelemetryProfile {
  const profile = findProfile(db, name);
  if (profile) return profile;
  const names = listProfiles(db).map((p) => p.name);
  throw new FloorwalkError('not_found', `No telemetry profile "${name}"; ${names.length > 0 ? `the profiles are: ${names.join(', ')}` : 'none is saved yet (save one with --save-profile NAME)'}.`, {
    field: 'profile',
  });
}

/** Profiles made for a header with this fingerprint, most used first: what the preview offers. */
export function matchingProfiles(db: Db, fingerprint: string | null): TelemetryProfile[] {
  if (fingerprint === null) return [];
  return (db.prepare('SELECT * FROM telemetry_profiles WHERE fingerprint = ? ORDER BY uses DESC, updated_at DESC').all(fingerprint) as ProfileRow[]).map(toProfile);
}

export interface ProfileInput {
  readonly name: string;
  readonly format: TelemetryFormat;
  readonly header: readonly string[];
  readonly map: readonly string[];
  readonly timezone?: string | null | undefined;
  readonly columns?: string | null | undefined;
}

/** Refuses a name or a format a profile cannot have, before any work is done for it. */
export function checkProfile(name: string, format: TelemetryFormat): string {
  const trimmed = name.trim();
  if (!/^[\w][\w .@+-]{0,63}$/.test(trimmed)) {
    throw new FloorwalkError('invalid_input', `"${name}" is not a profile name: use up to 64 letters, digits, spaces, "." "-" "_" "+" "@", starting with a letter or digit.`, { field: 'name' });
  }
  if (!TELEMETRY_FORMATS.includes(format)) throw new FloorwalkError('invalid_input', `Unknown format ${format}.`, { field: 'format' });
  if (!MAPPABLE.includes(format)) {
    throw new FloorwalkError('invalid_input', `A profile corrects the columns of ${MAPPABLE.join(', ')} files; a ${format} file names its metric in each row.`, { field: 'format' });
  }
  return trimmed;
}

/** Saves (or replaces) a profile; the map is checked against the header first. Call inside a write. */
export function saveProfile(db: Db, input: ProfileInput, actor: string): TelemetryProfile {
  const name = checkProfile(input.name, input.format);
  const fingerprint = headerFingerprint(input.header);
  if (fingerprint === null) throw new FloorwalkError('invalid_input', 'A profile needs the header it was made for; this file has none (for nvidia-smi noheader, give --columns).', { field: 'header' });
  const overrides = parseColumnOverrides(input.map);
  checkOverridesAgainst(overrides, input.header);
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO telemetry_profiles (name, format, fingerprint, header, map, timezone, columns, actor, created_at, updated_at)
     VALUES (@name, @format, @fingerprint, @header, @map, @timezone, @columns, @actor, @now, @now)
     ON CONFLICT (name) DO UPDATE SET format = excluded.format, fingerprint = excluded.fingerprint, header = excluded.header, map = excluded.map,
       timezone = excluded.timezone, columns = excluded.columns, actor = excluded.actor, updated_at = excluded.updated_at`,
  ).run({
    name,
    format: input.format,
    fingerprint,
    header: JSON.stringify(input.header.map((h) => h.replace(/^\ufeff/, '').trim())),
    map: JSON.stringify(overrides.map(overrideSpec)),
    timezone: input.timezone ?? null,
    columns: input.columns ?? null,
    actor,
    now,
  });
  return requireProfile(db, name);
}

export function deleteProfile(db: Db, name: string): { deleted: boolean } {
  return { deleted: db.prepare('DELETE FROM telemetry_profiles WHERE name = ?').run(name).changes > 0 };
}

/** Counts a use (an import that applied it): the preview offers the most used profile first. */
export function markProfileUsed(db: Db, name: string): void {
  db.prepare('UPDATE telemetry_profiles SET uses = uses + 1, last_used_at = ? WHERE name = ?').run(new Date().toISOString(), name);
}

/**
 * The map an import applies: the profile's corrections, then the explicit ones (`--map`), a column named in
 * both taking the explicit one. Time zone and columns come from the profile unless given.
 */
export function mergeProfileMap(profile: TelemetryProfile | null, explicit: readonly string[]): string[] {
  if (!profile) return [...explicit];
  const explicitColumns = new Set(parseColumnOverrides(explicit).map((o) => o.column));
  const kept = parseColumnOverrides(profile.map).filter((o) => !explicitColumns.has(o.column));
  return [...kept.map(overrideSpec), ...explicit];
}

/** The note offering matching profiles to an import or preview that applies none. */
export function offerNote(offered: readonly TelemetryProfile[]): string[] {
  const first = offered[0];
  if (!first) return [];
  return [`Profile "${first.name}" was saved for this header${offered.length > 1 ? ` (and ${offered.length - 1} more)` : ''}; --profile "${first.name}" applies its corrections (${first.map.join('; ') || 'none'}).`];
}
