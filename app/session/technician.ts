import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { identifierProblem } from '../inventory/identifier';

/**
 * The technician working with this database: asked once by the console, remembered in the database's
 * meta table, and recorded as the actor of every write (change log, audit report, bundles) instead of a
 * transport's generic name.
 */
const KEY = 'technician';
export const MAX_TECHNICIAN_CHARS = 80;

export function sessionTechnician(db: Db): string | null {
  const value = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(KEY) as string | undefined;
  return value === undefined || value === '' ? null : value;
}

export function setSessionTechnician(db: Db, name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new FloorwalkError('invalid_input', 'Enter your name: it goes on every change you make.', { field: 'name' });
  if (trimmed.length > MAX_TECHNICIAN_CHARS) throw new FloorwalkError('invalid_input', `A name has at most ${MAX_TECHNICIAN_CHARS} characters.`, { field: 'name' });
  const problem = identifierProblem(trimmed, 'The name');
  if (problem) throw new FloorwalkError('invalid_input', problem, { field: 'name' });
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, trimmed);
  return trimmed;
}

/** The actor of a call: the remembered technician, else what the transport says (e.g. "floorwalk cli"). */
export function actorFor(db: Db, transportActor: string): string {
  return sessionTechnician(db) ?? transportActor;
}
