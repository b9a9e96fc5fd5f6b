import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { logChange } from '../inventory/change-log';
import type { AshraeClass } from '../inventory/types';
import {
  defaultThresholds,
  isThresholdKey,
  THRESHOLD_DEFS,
  thresholdsProblem,
  toStoredUnit,
  type ThresholdKey,
  type Thresholds,
} from './thresholds';
import type { HeatmapThresholds } from './types';
import type { TemperatureUnit } from './units';

function roomClass(db: Db, roomId: number): AshraeClass {
  const row = db.prepare('SELECT ashrae_class AS cls FROM rooms WHERE id = ?').get(roomId) as { cls: AshraeClass } | undefined;
  if (!row) throw new FloorwalkError('not_found', `Room ${roomId} does not exist.`, { field: 'roomId' });
  return row.cls;
}

function storedValues(db: Db, roomId: number): Map<ThresholdKey, number> {
  const rows = db.prepare('SELECT key, value FROM room_thresholds WHERE room_id = ?').all(roomId) as Array<{ key: string; value: number }>;
  const out = new Map<ThresholdKey, number>();
  for (const row of rows) if (isThresholdKey(row.key)) out.set(row.key, row.value);
  return out;
}

/** The thresholds in effect for a room: its own values over the defaults of its ASHRAE class. */
export function roomThresholds(db: Db, roomId: number): Thresholds {
  return readThresholds(db, roomId).thresholds;
}

export function readThresholds(db: Db, roomId: number): HeatmapThresholds {
  const ashraeClass = roomClass(db, roomId);
  const defaults = defaultThresholds(ashraeClass);
  const own = storedValues(db, roomId);
  const thresholds = { ...defaults } as Record<ThresholdKey, number>;
  for (const [key, value] of own) thresholds[key] = value;
  return {
    roomId,
    ashraeClass,
    thresholds,
    rows: THRESHOLD_DEFS.map((def) => ({
      key: def.key,
      label: def.label,
      doc: def.doc,
      kind: def.kind,
      value: thresholds[def.key],
      defaultValue: defaults[def.key],
      custom: own.has(def.key),
      min: def.min,
      max: def.max,
    })),
  };
}

export interface ThresholdChange {
  readonly roomId: number;
  /** The unit temperatures and differences are typed in; stored values are always °C and K. */
  readonly unit: TemperatureUnit;
  /** New values; null goes back to the default. Keys not listed keep their value. */
  readonly values: Partial<Record<ThresholdKey, number | null>>;
  readonly reason?: string | undefined;
}

/**
 * Sets some of a room's thresholds, all or nothing: the complete resulting set must be consistent
 * (recommended inside allowable, max operating ≤ slowdown ≤ shutdown, every value in range) or nothing
 * is written. One change-log entry records the before and after values.
 */
export function setThresholds(db: Db, change: ThresholdChange, actor: string): HeatmapThresholds {
  const write = db.transaction((): HeatmapThresholds => {
    const before = readThresholds(db, change.roomId);
    const next = { ...before.thresholds } as Record<ThresholdKey, number>;
    const defaults = defaultThresholds(before.ashraeClass);
    const upserts: Array<[ThresholdKey, number]> = [];
    const resets: ThresholdKey[] = [];
    for (const [key, raw] of Object.entries(change.values)) {
      if (!isThresholdKey(key)) throw new FloorwalkError('invalid_input', `There is no threshold "${key}".`, { field: `values.${key}` });
      if (raw === undefined) continue;
      if (raw === null) {
        next[key] = defaults[key];
        resets.push(key);
      } else {
        if (!Number.isFinite(raw)) throw new FloorwalkError('invalid_input', `${key} must be a number.`, { field: `values.${key}` });
        const value = toStoredUnit(key, raw, change.unit);
        next[key] = value;
        upserts.push([key, value]);
      }
    }
    const problem = thresholdsProblem(next);
    if (problem) throw new FloorwalkError('invalid_input', problem.message, { field: `values.${problem.key}` });

    const now = new Date().toISOString();
    const upsert = db.prepare(
      `INSERT INTO room_thresholds (room_id, key, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (room_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    );
    const remove = db.prepare('DELETE FROM room_thresholds WHERE room_id = ? AND key = ?');
    for (const [key, value] of upserts) upsert.run(change.roomId, key, value, now, actor);
    for (const key of resets) remove.run(change.roomId, key);

    const changedKeys = [...upserts.map(([k]) => k), ...resets].filter((k) => before.thresholds[k] !== next[k] || before.rows.find((r) => r.key === k)?.custom !== upserts.some(([u]) => u === k));
    if (changedKeys.length > 0) {
      logChange(db, {
        actor,
        entity: 'room',
        entityId: change.roomId,
        action: 'update',
        before: { thresholds: Object.fromEntries(changedKeys.map((k) => [k, before.thresholds[k]])) },
        after: { thresholds: Object.fromEntries(changedKeys.map((k) => [k, next[k]])) },
        reason: change.reason ?? 'heatmap thresholds',
        at: now,
      });
    }
    return readThresholds(db, change.roomId);
  });
  return write.immediate();
}
