import type { Db } from '../db/open';

/** A run of free U, inclusive, counted from U1 at the bottom. */
export interface FreeSpan {
  readonly from: number;
  readonly to: number;
}

export interface RackSpace {
  readonly uHeight: number;
  readonly freeU: number;
  readonly spans: FreeSpan[];
  readonly largestSpanU: number;
  /** Devices mounted in U (zero-U PDUs excluded). */
  readonly mounted: number;
}

/**
 * Free U per rack of a room. A U counts as taken when any device covers it on either face: a new GPU
 * server is full depth, so a half-depth patch panel on the rear already blocks its U.
 */
export function roomSpace(db: Db, roomId: number): Map<number, RackSpace> {
  const racks = db.prepare('SELECT id, u_height AS uHeight FROM racks WHERE room_id = ?').all(roomId) as Array<{ id: number; uHeight: number }>;
  const devices = db
    .prepare(
      `SELECT d.rack_id AS rackId, d.u_position AS u, t.u_height AS h FROM devices d JOIN device_types t ON t.id = d.type_id
       JOIN racks r ON r.id = d.rack_id WHERE r.room_id = ? AND d.u_position IS NOT NULL AND t.u_height > 0`,
    )
    .all(roomId) as Array<{ rackId: number; u: number; h: number }>;
  const taken = new Map<number, Uint8Array>();
  const mounted = new Map<number, number>();
  const heights = new Map(racks.map((r) => [r.id, r.uHeight]));
  for (const r of racks) taken.set(r.id, new Uint8Array(r.uHeight + 1));
  for (const d of devices) {
    const used = taken.get(d.rackId);
    if (!used) continue;
    mounted.set(d.rackId, (mounted.get(d.rackId) ?? 0) + 1);
    for (let u = d.u; u < d.u + d.h && u < used.length; u++) used[u] = 1;
  }
  const out = new Map<number, RackSpace>();
  for (const [rackId, used] of taken) {
    const uHeight = heights.get(rackId) ?? 0;
    out.set(rackId, { uHeight, mounted: mounted.get(rackId) ?? 0, ...spansOf(used, uHeight) });
  }
  return out;
}

export function spansOf(used: Uint8Array, uHeight: number): { freeU: number; spans: FreeSpan[]; largestSpanU: number } {
  const spans: FreeSpan[] = [];
  let start = 0;
  let freeU = 0;
  for (let u = 1; u <= uHeight + 1; u++) {
    const free = u <= uHeight && used[u] === 0;
    if (free) {
      freeU++;
      if (start === 0) start = u;
    } else if (start !== 0) {
      spans.push({ from: start, to: u - 1 });
      start = 0;
    }
  }
  return { freeU, spans, largestSpanU: spans.reduce((m, s) => Math.max(m, s.to - s.from + 1), 0) };
}

/**
 * Bottom-up first fit of `count` devices of `height` U into free spans; heavy servers go low. Returns the
 * U position of each, or null when they do not all fit.
 */
export function fitDevices(spans: readonly FreeSpan[], height: number, count: number): number[] | null {
  const positions: number[] = [];
  for (const span of spans) {
    let u = span.from;
    while (positions.length < count && u + height - 1 <= span.to) {
      positions.push(u);
      u += height;
    }
    if (positions.length === count) return positions;
  }
  return null;
}
