import { pathUp, resolvedSide, type PowerChain } from './chain';
import type { ElementLoad, FailoverElement, OverloadedElement, PowerSide, RackLoad } from './types';

/** Below this many kW a difference is rounding, not load. */
const EPSILON_KW = 1e-9;

/** A rack as the analysis sees it: its load and the element path of each side it is fed on. */
interface FedRack {
  readonly rackId: number;
  readonly loadKw: number;
  readonly a: readonly number[] | null;
  readonly b: readonly number[] | null;
}

/**
 * The chain's loads and failures, computed once for a site. In normal operation a dual-corded rack
 * draws half its load through each side (racks share evenly between A and B PDUs); when one side's
 * path is interrupted the other carries the whole load; a rack whose every path is interrupted is
 * dropped. Everything is sums over racks × path depth, so a 5,000-rack hall costs a few hundred
 * thousand additions.
 */
export class ChainAnalysis {
  readonly racks: readonly FedRack[];
  readonly side = new Map<number, PowerSide | null>();
  readonly normal = new Map<number, number>();
  readonly onLoss: Record<PowerSide, Map<number, number>> = { A: new Map(), B: new Map() };
  /** Racks below each element (either side), for the failure of that element. */
  private readonly below = new Map<number, FedRack[]>();

  constructor(
    readonly chain: PowerChain,
    loads: ReadonlyMap<number, RackLoad>,
  ) {
    const pathCache = new Map<number, number[]>();
    const path = (id: number): number[] => {
      let p = pathCache.get(id);
      if (!p) pathCache.set(id, (p = pathUp(chain.elements, id)));
      return p;
    };
    for (const id of chain.elements.keys()) this.side.set(id, resolvedSide(chain.elements, id));
    const racks: FedRack[] = [];
    for (const [rackId, feed] of chain.feeds) {
      const rack: FedRack = {
        rackId,
        loadKw: loads.get(rackId)?.loadKw ?? 0,
        a: feed.A ? path(feed.A.elementId) : null,
        b: feed.B ? path(feed.B.elementId) : null,
      };
      racks.push(rack);
      for (const id of new Set([...(rack.a ?? []), ...(rack.b ?? [])])) {
        const list = this.below.get(id);
        if (list) list.push(rack);
        else this.below.set(id, [rack]);
      }
    }
    this.racks = racks;
    for (const rack of racks) {
      this.addShares(this.normal, rack, () => false);
      for (const lost of ['A', 'B'] as const) this.addShares(this.onLoss[lost], rack, (id) => this.side.get(id) === lost);
    }
  }

  /** Adds a rack's draw on its surviving paths when the elements `failed` says are out. */
  private addShares(into: Map<number, number>, rack: FedRack, failed: (id: number) => boolean): void {
    const aUp = rack.a !== null && !rack.a.some(failed);
    const bUp = rack.b !== null && !rack.b.some(failed);
    const share = aUp && bUp ? rack.loadKw / 2 : rack.loadKw;
    if (aUp && rack.a) for (const id of rack.a) into.set(id, (into.get(id) ?? 0) + share);
    if (bUp && rack.b) for (const id of rack.b) into.set(id, (into.get(id) ?? 0) + share);
  }

  rating(id: number): number {
    return this.chain.elements.get(id)?.ratingKw ?? 0;
  }

  /** The most an element carries in normal operation or with either whole side lost. */
  worst(id: number): number {
    return Math.max(this.normal.get(id) ?? 0, this.onLoss.A.get(id) ?? 0, this.onLoss.B.get(id) ?? 0);
  }

  /** How many more kW a dual-corded rack on these paths may draw with each side still carrying it alone. */
  upstreamHeadroom(paths: ReadonlyArray<readonly number[] | null>): number {
    let headroom = Infinity;
    for (const p of paths) for (const id of p ?? []) headroom = Math.min(headroom, this.rating(id) - this.worst(id));
    return headroom;
  }

  /** Headroom of a rack's surviving side when the other side is lost: the least margin along that path. */
  headroomOnLoss(lost: PowerSide, survivor: readonly number[] | null): number | null {
    if (!survivor || survivor.some((id) => this.side.get(id) === lost)) return null;
    let headroom = Infinity;
    for (const id of survivor) headroom = Math.min(headroom, this.rating(id) - (this.onLoss[lost].get(id) ?? 0));
    return headroom;
  }

  elementLoads(): ElementLoad[] {
    const out: ElementLoad[] = [];
    for (const [id, e] of this.chain.elements) {
      out.push({
        elementId: id,
        element: e.name,
        kind: e.kind,
        side: this.side.get(id) ?? null,
        parent: e.parentId === null ? null : (this.chain.elements.get(e.parentId)?.name ?? null),
        ratingKw: e.ratingKw,
        ampsPerPhase: e.ampsPerPhase,
        voltageV: e.voltageV,
        racks: this.below.get(id)?.length ?? 0,
        normalKw: this.normal.get(id) ?? 0,
        onALossKw: this.onLoss.A.get(id) ?? 0,
        onBLossKw: this.onLoss.B.get(id) ?? 0,
        worstKw: this.worst(id),
      });
    }
    return out;
  }

  /** What happens when this one element fails: load moved, load dropped, and what then runs over its rating. */
  failure(failedId: number): FailoverElement {
    const element = this.chain.elements.get(failedId);
    if (!element) throw new Error(`no element ${failedId}`);
    const delta = new Map<number, number>();
    let moved = 0;
    let dropped = 0;
    const racks = this.below.get(failedId) ?? [];
    for (const rack of racks) {
      const aDown = rack.a?.includes(failedId) ?? false;
      const bDown = rack.b?.includes(failedId) ?? false;
      const aUp = rack.a !== null && !aDown;
      const bUp = rack.b !== null && !bDown;
      const before = rack.a !== null && rack.b !== null ? rack.loadKw / 2 : rack.loadKw;
      if (!aUp && !bUp) {
        dropped += rack.loadKw;
        continue;
      }
      // One side is down, the other carries all: it gains the half that moved. The interrupted path sheds
      // its half, so an element on both paths (a shared intake) nets out to no change.
      const survivor = aUp ? rack.a : rack.b;
      const interrupted = aUp ? rack.b : rack.a;
      const gain = rack.loadKw - before;
      moved += gain;
      for (const id of interrupted ?? []) delta.set(id, (delta.get(id) ?? 0) - before);
      for (const id of survivor ?? []) delta.set(id, (delta.get(id) ?? 0) + gain);
    }
    const overloaded: OverloadedElement[] = [];
    for (const [id, change] of delta) {
      if (change <= EPSILON_KW) continue;
      const loadKw = (this.normal.get(id) ?? 0) + change;
      const ratingKw = this.rating(id);
      if (loadKw > ratingKw + EPSILON_KW) {
        const e = this.chain.elements.get(id);
        overloaded.push({ elementId: id, element: e?.name ?? String(id), kind: e?.kind ?? 'pdu', loadKw, ratingKw, marginKw: ratingKw - loadKw });
      }
    }
    overloaded.sort((x, y) => x.marginKw - y.marginKw || x.element.localeCompare(y.element));
    return {
      elementId: failedId,
      element: element.name,
      kind: element.kind,
      side: this.side.get(failedId) ?? null,
      loadMovedKw: moved,
      droppedKw: dropped,
      racksAffected: racks.length,
      overloaded,
    };
  }
}
