import crypto from 'node:crypto';
import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';

/**
 * The inventory fingerprint (see FORMAT.md):
 * - `inventoryId`: the random id migration 005 writes to meta once. Every copy of the database file shares
 *   it (the master, its backups, the copy on each technician's laptop); an inventory made anywhere else
 *   (another `init`, another `demo`, even with the same seed) has another one.
 * - `expectedDigest`: SHA-256 over the identities of the items an audit froze at its start (kind, id,
 *   serial, asset tag, rack). Two copies that disagree about what those ids are cannot merge the audit.
 */
export function inventoryId(db: Db): string {
  const id = db.prepare("SELECT value FROM meta WHERE key = 'inventory_id'").pluck().get() as string | undefined;
  if (!id) throw new FloorwalkError('internal', 'This database has no inventory id; open it read-write once to upgrade it.');
  return id;
}

export interface ExpectedIdentity {
  readonly kind: string;
  readonly entityId: number;
  readonly serial: string | null;
  readonly assetTag: string | null;
  readonly rackId: number;
}

export function expectedDigest(items: Iterable<ExpectedIdentity>): string {
  const lines: string[] = [];
  for (const item of items) {
    lines.push([item.kind, item.entityId, (item.serial ?? '').toUpperCase(), (item.assetTag ?? '').toUpperCase(), item.rackId].join('\t'));
  }
  lines.sort();
  return sha256(lines.join('\n'));
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
