import type { Db } from '../db/open';
import type { FedRack } from '../power/analysis';
import { roomPower, type RoomPower } from '../power/failover';
import { coolingHeadroom, roomCooling, type CoolingPool, type RackCoolingShare } from './cooling';
import { roomSpace, type RackSpace } from './space';
import type { Binding, CapacityReport, GroupCapacity, RackCapacity, StrandedBy } from './types';

/** Everything about a room's capacity, kept so a what-if can reuse it without reading the database again. */
export interface RoomCapacity {
  readonly power: RoomPower;
  readonly space: ReadonlyMap<number, RackSpace>;
  readonly pools: ReadonlyMap<string, CoolingPool>;
  readonly shares: ReadonlyMap<number, RackCoolingShare>;
  readonly budgets: ReadonlyMap<number, number>;
  readonly report: CapacityReport;
}

const finite = (kw: number): number => (Number.isFinite(kw) ? kw : 0);
const NO_ELEMENTS: readonly number[] = [];

export function capacityReport(db: Db, roomId: number): CapacityReport {
  return roomCapacity(db, roomId).report;
}

export function roomCapacity(db: Db, roomId: number): RoomCapacity {
  const power = roomPower(db, roomId);
  const space = roomSpace(power.site, roomId);
  const { pools, shares } = roomCooling(db, roomId, power.racks, power.loads);
  const budgets = new Map(power.racks.map((r) => [r.id, r.budgetKw]));
  const poolHeadroom = (key: string): number => {
    const pool = pools.get(key);
    return pool ? pool.capacityKw - pool.loadKw : 0;
  };
  const { analysis } = power;
  const pathsByRack = new Map(analysis.racks.map((r) => [r.rackId, r]));
  const labels = new Map<RackCoolingShare, string>();
  const poolLabel = (share: RackCoolingShare): string => {
    let label = labels.get(share);
    if (label === undefined) labels.set(share, (label = share.shares.map((x) => pools.get(x.pool)?.label ?? x.pool).join(' + ')));
    return label;
  };

  const racks: RackCapacity[] = power.racks.map((rack) => {
    const s = space.get(rack.id) ?? { uHeight: 0, freeU: 0, spans: [], largestSpanU: 0, mounted: 0 };
    const load = power.loads.get(rack.id) ?? { loadKw: 0, source: 'nameplate' as const };
    const budgetKw = budgets.get(rack.id) ?? 0;
    const feed = analysis.chain.feeds.get(rack.id);
    const paths = pathsByRack.get(rack.id);
    const hasChain = feed !== undefined;
    const redundant = feed?.A !== undefined && feed.B !== undefined;
    const upstream = hasChain ? (paths ? analysis.rackUpstreamHeadroom(paths) : Infinity) : null;
    const budgetHeadroomKw = budgetKw - load.loadKw;
    const powerHeadroomKw = Math.min(budgetHeadroomKw, upstream ?? Infinity);
    const share = shares.get(rack.id) ?? { shares: [], problem: null };
    const coolingHeadroomKw = finite(coolingHeadroom(share, poolHeadroom));
    const binding = bindingOf({ freeU: s.freeU, hasChain, redundant, budgetHeadroomKw, upstream, coolingHeadroomKw });
    const usableKw = binding === 'space' || binding === 'feed' ? 0 : Math.max(0, Math.min(powerHeadroomKw, coolingHeadroomKw));
    const feeds: Partial<Record<'A' | 'B', string>> = {};
    for (const side of ['A', 'B'] as const) {
      const f = feed?.[side];
      if (f) feeds[side] = analysis.chain.elements.get(f.elementId)?.name ?? String(f.elementId);
    }
    return {
      rackId: rack.id,
      rack: rack.name,
      row: rack.row,
      uHeight: s.uHeight,
      freeU: s.freeU,
      largestFreeSpanU: s.largestSpanU,
      freeSpans: s.spans,
      loadKw: load.loadKw,
      loadSource: load.source,
      budgetKw,
      budgetHeadroomKw,
      upstreamHeadroomKw: upstream === null ? null : finite(upstream),
      powerHeadroomKw: finite(powerHeadroomKw),
      coolingHeadroomKw,
      coolingPool: poolLabel(share),
      coolingProblem: share.problem,
      headroomOnALossKw: paths ? nullableFinite(analysis.rackHeadroomOnLoss(paths, 'A')) : null,
      headroomOnBLossKw: paths ? nullableFinite(analysis.rackHeadroomOnLoss(paths, 'B')) : null,
      feeds,
      usableKw,
      binding,
    };
  });

  const group = (label: string, members: RackCapacity[]): GroupCapacity => allocate(label, members, { analysis, pathsByRack, pools, shares });
  const byRow = new Map<string, RackCapacity[]>();
  for (const r of racks) {
    const key = r.row ?? '(no row)';
    const list = byRow.get(key);
    if (list) list.push(r);
    else byRow.set(key, [r]);
  }
  const rows = [...byRow].map(([row, members]) => group(row, members));
  const report: CapacityReport = {
    roomId,
    room: power.room,
    racks,
    rows,
    hall: group(power.room, racks),
    pools: [...pools.values()].map((p) => ({ pool: p.label, kind: p.kind, capacityKw: p.capacityKw, loadKw: p.loadKw, headroomKw: p.capacityKw - p.loadKw, units: p.units })),
  };
  return { power, space, pools, shares, budgets, report };
}

function nullableFinite(kw: number | null): number | null {
  return kw === null ? null : finite(kw);
}

function bindingOf(r: { freeU: number; hasChain: boolean; redundant: boolean; budgetHeadroomKw: number; upstream: number | null; coolingHeadroomKw: number }): Binding {
  if (r.freeU === 0) return 'space';
  if (r.hasChain && !r.redundant) return 'feed';
  // The smallest headroom binds; on a tie budget comes before cooling before upstream.
  let binding: Binding = 'power-budget';
  let least = r.budgetHeadroomKw;
  if (r.coolingHeadroomKw < least) {
    binding = 'cooling';
    least = r.coolingHeadroomKw;
  }
  if (r.upstream !== null && r.upstream < least) {
    binding = 'power-upstream';
    least = r.upstream;
  }
  return Number.isFinite(least) ? binding : 'none';
}

interface Shared {
  readonly analysis: RoomPower['analysis'];
  readonly pathsByRack: ReadonlyMap<number, FedRack>;
  readonly pools: ReadonlyMap<string, CoolingPool>;
  readonly shares: ReadonlyMap<number, RackCoolingShare>;
}

/**
 * What a group of racks can add together. Each rack in turn (row and name order) takes the most it can
 * of its unused budget, limited by what is left of every element on both its feeds (each side must carry
 * the addition alone when the other is lost) and of its cooling pools; shared capacity is used once. The
 * budget it cannot take is stranded, put down to whichever limit stopped it.
 */
function allocate(label: string, members: readonly RackCapacity[], shared: Shared): GroupCapacity {
  // What is left of each element's margin as the group's racks take their share (by dense index).
  const elementLeft = shared.analysis.marginsKw();
  const poolLeft = new Map<string, number>();
  const poolRemaining = (key: string): number => {
    const pool = shared.pools.get(key);
    return poolLeft.get(key) ?? (pool ? pool.capacityKw - pool.loadKw : 0);
  };
  const stranded: { -readonly [K in keyof StrandedBy]: number } = { space: 0, feed: 0, 'power-upstream': 0, cooling: 0 };
  let usable = 0;
  let budgetHeadroom = 0;
  for (const rack of members) {
    const want = Math.max(0, rack.budgetHeadroomKw);
    budgetHeadroom += want;
    if (want === 0) continue;
    if (rack.binding === 'space' || rack.binding === 'feed') {
      stranded[rack.binding] += want;
      continue;
    }
    const elements = shared.pathsByRack.get(rack.rackId)?.at ?? NO_ELEMENTS;
    let upstream = Infinity;
    for (const i of elements) upstream = Math.min(upstream, elementLeft[i] as number);
    const share = shared.shares.get(rack.rackId) ?? { shares: [], problem: null };
    const cooling = coolingHeadroom(share, poolRemaining);
    const take = Math.max(0, Math.min(want, upstream, cooling));
    usable += take;
    if (take < want) stranded[upstream <= cooling ? 'power-upstream' : 'cooling'] += want - take;
    for (const i of elements) elementLeft[i] = (elementLeft[i] as number) - take;
    for (const s of share.shares) poolLeft.set(s.pool, poolRemaining(s.pool) - take * s.share);
  }
  const sum = (f: (r: RackCapacity) => number): number => members.reduce((s, r) => s + f(r), 0);
  const strandedKw = budgetHeadroom - usable;
  const worstCause = (Object.entries(stranded) as Array<[keyof StrandedBy, number]>).sort((x, y) => y[1] - x[1])[0];
  return {
    row: label,
    racks: members.length,
    freeU: sum((r) => r.freeU),
    loadKw: sum((r) => r.loadKw),
    budgetKw: sum((r) => r.budgetKw),
    budgetHeadroomKw: budgetHeadroom,
    usableKw: usable,
    powerHeadroomKw: sum((r) => Math.max(0, r.powerHeadroomKw)),
    coolingHeadroomKw: groupCooling(members, shared),
    strandedKw,
    strandedBy: stranded,
    binding: strandedKw > 1e-6 && worstCause ? worstCause[0] : usable < budgetHeadroom ? 'power-budget' : 'none',
  };
}

/** Cooling headroom of the pools the group's racks use, each pool once. */
function groupCooling(members: readonly RackCapacity[], shared: Shared): number {
  const used = new Set<string>();
  for (const r of members) for (const s of shared.shares.get(r.rackId)?.shares ?? []) used.add(s.pool);
  let kw = 0;
  for (const key of used) {
    const pool = shared.pools.get(key);
    if (pool) kw += Math.max(0, pool.capacityKw - pool.loadKw);
  }
  return kw;
}
