import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './open';
import { readOnlyReason, schemaVersion } from './open';
import { FloorwalkError } from '../core/errors';

export interface DatabaseInfo {
  readonly path: string;
  readonly schemaVersion: number;
  readonly sizeBytes: number;
  readonly demo: { readonly seed: number; readonly accelerators: number } | null;
  /** Why the file is open read-only (read-only media, no write permission); null when it can be written. */
  readonly readOnly: string | null;
}

export interface IntegrityReport {
  readonly ok: boolean;
  /** Each problem in a sentence, e.g. "rack R01-03: devices 12 and 13 overlap at U5". */
  readonly problems: string[];
  readonly checks: string[];
}

export interface BackupResult {
  readonly out: string;
  readonly bytes: number;
}

export function databaseInfo(db: Db, file: string): DatabaseInfo {
  const pageCount = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const demo = db.prepare("SELECT value FROM meta WHERE key = 'demo'").pluck().get() as string | undefined;
  return {
    path: file,
    schemaVersion: schemaVersion(db),
    sizeBytes: pageCount * pageSize,
    demo: demo ? (JSON.parse(demo) as DatabaseInfo['demo']) : null,
    readOnly: readOnlyReason(db),
  };
}

const PROBLEM_LIMIT = 200;

/**
 * SQLite's own integrity and foreign-key checks, then the inventory rules re-checked over the whole file:
 * a file edited by another tool or restored from an old backup can break them even though the core never
 * writes such rows.
 */
export function checkIntegrity(db: Db): IntegrityReport {
  const problems: string[] = [];
  const checks: string[] = [];

  checks.push('sqlite integrity_check');
  for (const row of db.pragma('integrity_check') as Array<{ integrity_check: string }>) {
    if (row.integrity_check !== 'ok') problems.push(`storage: ${row.integrity_check}`);
  }

  checks.push('foreign keys');
  for (const row of db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>) {
    problems.push(`${row.table} row ${row.rowid} points at a missing ${row.parent}`);
  }

  checks.push('devices inside their rack');
  for (const row of db
    .prepare(
      `SELECT r.name AS rack, d.id, d.u_position AS u, t.u_height AS h, r.u_height AS rack_h
       FROM devices d JOIN racks r ON r.id = d.rack_id JOIN device_types t ON t.id = d.type_id
       WHERE d.u_position IS NOT NULL AND d.u_position + t.u_height - 1 > r.u_height LIMIT ${PROBLEM_LIMIT}`,
    )
    .all() as Array<{ rack: string; id: number; u: number; h: number; rack_h: number }>) {
    problems.push(`rack ${row.rack}: device ${row.id} at U${row.u} (${row.h}U) does not fit a ${row.rack_h}U rack`);
  }

  checks.push('no U overlap');
  for (const row of db
    .prepare(
      `SELECT r.name AS rack, a.id AS a, b.id AS b, max(a.u_position, b.u_position) AS u
       FROM devices a JOIN device_types ta ON ta.id = a.type_id
       JOIN devices b ON b.rack_id = a.rack_id AND b.id > a.id AND b.u_position IS NOT NULL
       JOIN device_types tb ON tb.id = b.type_id
       JOIN racks r ON r.id = a.rack_id
       WHERE a.u_position IS NOT NULL AND ta.u_height > 0 AND tb.u_height > 0
         AND a.u_position < b.u_position + tb.u_height AND b.u_position < a.u_position + ta.u_height
         AND (ta.full_depth = 1 OR tb.full_depth = 1 OR a.face = b.face)
       LIMIT ${PROBLEM_LIMIT}`,
    )
    .all() as Array<{ rack: string; a: number; b: number; u: number }>) {
    problems.push(`rack ${row.rack}: devices ${row.a} and ${row.b} overlap at U${row.u}`);
  }

  // A type changed by another tool (or before Floorwalk refused it) can leave GPUs on a chassis with no slot for them.
  checks.push('accelerators within their device type\'s slots');
  for (const row of db
    .prepare(
      `SELECT coalesce(d.hostname, d.serial, '#' || d.id) AS device, t.vendor || ' ' || t.model AS type, t.accel_count AS slots,
              count(a.id) AS held, max(a.slot) AS highest
       FROM devices d JOIN device_types t ON t.id = d.type_id JOIN accelerators a ON a.device_id = d.id
       GROUP BY d.id HAVING count(a.id) > t.accel_count OR max(a.slot) >= t.accel_count
       LIMIT ${PROBLEM_LIMIT}`,
    )
    .all() as Array<{ device: string; type: string; slots: number; held: number; highest: number }>) {
    const room = row.slots === 0 ? 'has no accelerator slots' : `has ${row.slots} slots (0–${row.slots - 1})`;
    problems.push(`device ${row.device}: holds ${row.held} accelerator${row.held === 1 ? '' : 's'} (up to slot ${row.highest}) but its type ${row.type} ${room}`);
  }

  checks.push('racks inside their room');
  for (const row of db
    .prepare(
      `SELECT rm.name AS room, r.name AS rack FROM racks r JOIN rooms rm ON rm.id = r.room_id
       WHERE r.grid_x + (CASE WHEN r.facing IN ('N','S') THEN r.width_tiles ELSE r.depth_tiles END) > rm.width_tiles
          OR r.grid_y + (CASE WHEN r.facing IN ('N','S') THEN r.depth_tiles ELSE r.width_tiles END) > rm.depth_tiles
       LIMIT ${PROBLEM_LIMIT}`,
    )
    .all() as Array<{ room: string; rack: string }>) {
    problems.push(`room ${row.room}: rack ${row.rack} stands outside the floor`);
  }

  return { ok: problems.length === 0, problems: problems.slice(0, PROBLEM_LIMIT), checks };
}

/** Online backup through SQLite's backup API: safe while the console is writing. Never overwrites a file. */
export async function backupDatabase(db: Db, out: string): Promise<BackupResult> {
  const target = path.resolve(out);
  if (fs.existsSync(target)) {
    throw new FloorwalkError('conflict', `${out} already exists; choose a new file name for the backup.`, { field: 'out' });
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    await db.backup(target);
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw new FloorwalkError('io_error', `Backup to ${out} failed: ${(error as Error).message}`, { field: 'out' });
  }
  return { out: target, bytes: fs.statSync(target).size };
}
