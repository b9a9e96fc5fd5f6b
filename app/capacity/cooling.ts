import type { Db } from '../db/open';
import type { RackLoad } from '../power/types';

/**
 * A direct-liquid-cooled rack still sheds part of its heat to the room air (PSUs, DIMMs, NICs): cold
 * plates capture about 80 % (ASHRAE TC 9.9 liquid cooling guidance puts typical capture at 70–85 %).
 */
export const DLC_LIQUID_SHARE = 0.8;

/** One shared source of cooling: a liquid loop (its CDUs) or a room's air (its CRAHs/CRACs). */
export interface CoolingPool {
  readonly key: string;
  readonly label: string;
  readonly kind: 'loop' | 'air';
  /** Usable capacity: the loop's CDUs summed; the room's air units with the largest one out (N+1). */
  readonly capacityKw: number;
  readonly loadKw: number;
  readonly units: number;
}

export interface RackCoolingShare {
  /** kW of each added kW of IT load that lands in each pool. */
  readonly shares: ReadonlyArray<{ readonly pool: string; readonly share: number }>;
  /** Why the rack has no liquid path although its cooling says liquid. */
  readonly problem: string | null;
}

interface RackRow {
  readonly id: number;
  readonly cooling: string;
  readonly loopId: number | null;
}

export function rackHeatShares(rack: RackRow, loops: ReadonlySet<number>): RackCoolingShare {
  const air = 'air';
  if (rack.cooling === 'air') return { shares: [{ pool: air, share: 1 }], problem: null };
  if (rack.loopId === null || !loops.has(rack.loopId)) {
    return { shares: [{ pool: air, share: 1 }], problem: `${rack.cooling} rack without a cooling loop that has a CDU` };
  }
  const loop = `loop:${rack.loopId}`;
  if (rack.cooling === 'dlc') return { shares: [{ pool: loop, share: DLC_LIQUID_SHARE }, { pool: air, share: 1 - DLC_LIQUID_SHARE }], problem: null };
  return { shares: [{ pool: loop, share: 1 }], problem: null };
}

/** The room's cooling pools with their present load, and each rack's way into them. */
export function roomCooling(db: Db, roomId: number, racks: readonly RackRow[], loads: ReadonlyMap<number, RackLoad>) {
  const units = db
    .prepare(
      `SELECT c.kind, c.capacity_kw AS capacityKw, c.loop_id AS loopId, l.name AS loop FROM cooling_units c
       LEFT JOIN cooling_loops l ON l.id = c.loop_id WHERE c.room_id = ?`,
    )
    .all(roomId) as Array<{ kind: string; capacityKw: number; loopId: number | null; loop: string | null }>;
  const airUnits = units.filter((u) => u.kind !== 'CDU');
  const airTotal = airUnits.reduce((s, u) => s + u.capacityKw, 0);
  const airLargest = airUnits.reduce((m, u) => Math.max(m, u.capacityKw), 0);
  const pools = new Map<string, { key: string; label: string; kind: 'loop' | 'air'; capacityKw: number; loadKw: number; units: number }>();
  pools.set('air', { key: 'air', label: 'room air', kind: 'air', capacityKw: airUnits.length > 1 ? airTotal - airLargest : airTotal, loadKw: 0, units: airUnits.length });
  for (const u of units) {
    if (u.kind !== 'CDU' || u.loopId === null) continue;
    const key = `loop:${u.loopId}`;
    const pool = pools.get(key) ?? { key, label: u.loop ?? key, kind: 'loop' as const, capacityKw: 0, loadKw: 0, units: 0 };
    pool.capacityKw += u.capacityKw;
    pool.units++;
    pools.set(key, pool);
  }
  const loopIds = new Set(units.filter((u) => u.kind === 'CDU' && u.loopId !== null).map((u) => u.loopId as number));
  const shares = new Map<number, RackCoolingShare>();
  // Racks with the same cooling on the same loop share one share object (and its label downstream).
  const byKind = new Map<string, RackCoolingShare>();
  for (const rack of racks) {
    const kind = `${rack.cooling}:${rack.loopId ?? ''}`;
    let share = byKind.get(kind);
    if (!share) byKind.set(kind, (share = rackHeatShares(rack, loopIds)));
    shares.set(rack.id, share);
    const load = loads.get(rack.id)?.loadKw ?? 0;
    for (const s of share.shares) {
      const pool = pools.get(s.pool);
      if (pool) pool.loadKw += load * s.share;
    }
  }
  return { pools: pools as ReadonlyMap<string, CoolingPool>, shares };
}

/** How many more kW of IT load a rack may add before one of its pools runs out, given pool headroom. */
export function coolingHeadroom(share: RackCoolingShare, headroom: (pool: string) => number): number {
  let kw = Infinity;
  for (const s of share.shares) if (s.share > 0) kw = Math.min(kw, headroom(s.pool) / s.share);
  return kw;
}
