import { naturalCompare } from '../core/natural-order';
import type { PowerChain } from './chain';
import type { ElementLoad, FailoverElement, OverloadedElement, PowerSide, RackLoad } from './types';

/** Below this many kW a difference is rounding, not load. */
const EPSILON_KW = 1e-9;
/** Side bits of a path: which sides the elements on it resolve to. */
const SIDE_BIT: Record<PowerSide, number> = { A: 1, B: 2 };

/** A rack as the analysis sees it: its load and the element path of each side it is fed on. */
export interface FedRack {
  readonly rackId: number;
  readonly loadKw: number;
  readonly a: readonly number[] | null;
  readonly b: readonly number[] | null;
  /** Every element on either path, each once (a shared intake is on both). */
  readonly elements: readonly number[];
  /** Dense indexes of `elements`, for marginsKw(). */
  readonly at: readonly number[];
  /** Dense indexes of `a` and `b`. */
  readonly aAt: readonly number[] | null;
  readonly bAt: readonly number[] | null;
}

/** A path up from a rack PDU, kept once per feed element and shared by every rack hung on it. */
interface Path {
  readonly ids: number[];
  /** Dense indexes of `ids` (a plain array: V8 allocates small typed arrays far slower). */
  readonly at: readonly number[];
  /** SIDE_BIT of every element on it, or-ed. */
  readonly sides: number;
}

/**
 * The chain's loads and failures, computed once for a site. In normal operation a dual-corded rack
 * draws half its load through each side (racks share evenly between A and B PDUs); when one side's
 * path is interrupted the other carries the whole load; a rack whose every path is interrupted is
 * dropped. Elements get dense indexes and their loads live in typed arrays, so a 5,000-rack hall
 * (10,000 PDUs) is a few hundred thousand additions with no map lookups in the inner loops.
 */
export class ChainAnalysis {
  readonly racks: readonly FedRack[];
  private readonly index = new Map<number, number>();
  private readonly ids: number[] = [];
  private readonly sideBits: Uint8Array;
  private readonly ratingKw: Float64Array;
  private readonly normalKw: Float64Array;
  private readonly lossKw: Record<PowerSide, Float64Array>;
  /** rating − max(normal, A loss, B loss), filled once the loads are summed. */
  private readonly marginKw: Float64Array;
  /** Racks below each element (either side), for the failure of that element. */
  private readonly below: Array<Array<{ rack: FedRack; a: Path | null; b: Path | null }>>;
  /** Scratch for failure(): the change of each element's load, and which entries were touched. */
  private readonly delta: Float64Array;

  constructor(
    readonly chain: PowerChain,
    loads: ReadonlyMap<number, RackLoad>,
  ) {
    const n = chain.elements.size;
    this.sideBits = new Uint8Array(n);
    this.ratingKw = new Float64Array(n);
    this.normalKw = new Float64Array(n);
    this.lossKw = { A: new Float64Array(n), B: new Float64Array(n) };
    this.marginKw = new Float64Array(n);
    this.delta = new Float64Array(n);
    this.below = Array.from({ length: n }, () => []);
    for (const [id, e] of chain.elements) {
      const i = this.ids.length;
      this.index.set(id, i);
      this.ids.push(id);
      this.ratingKw[i] = e.ratingKw;
    }
    // Each element's path up is its own id before its parent's path, so every path is built once from
    // the one above it (10,000 PDUs under 100 busways reuse those 100 paths). A cycle (refused on
    // write) is cut where it closes.
    const paths = new Map<number, Path>();
    const resolving = new Set<number>();
    const pathOf = (elementId: number): Path => {
      const known = paths.get(elementId);
      if (known) return known;
      const e = chain.elements.get(elementId);
      const i = this.index.get(elementId) ?? 0;
      resolving.add(elementId);
      const parentId = e?.parentId ?? null;
      const up = parentId !== null && chain.elements.has(parentId) && !resolving.has(parentId) ? pathOf(parentId) : null;
      resolving.delete(elementId);
      const own = e?.side ? SIDE_BIT[e.side] : 0;
      // An element's side is its own, else the nearest ancestor's (0: shared by both sides).
      this.sideBits[i] = own !== 0 ? own : up ? (this.sideBits[up.at[0] as number] as number) : 0;
      const at = up ? [i, ...up.at] : [i];
      const p: Path = { ids: up ? [elementId, ...up.ids] : [elementId], at, sides: this.sideBits[i] | (up?.sides ?? 0) };
      paths.set(elementId, p);
      return p;
    };
    for (const id of chain.elements.keys()) pathOf(id);
    const racks: FedRack[] = [];
    for (const [rackId, feed] of chain.feeds) {
      const a = feed.A ? (paths.get(feed.A.elementId) ?? null) : null;
      const b = feed.B ? (paths.get(feed.B.elementId) ?? null) : null;
      const elements = a && b ? a.ids.concat(b.ids.filter((id) => !a.ids.includes(id))) : ((a ?? b)?.ids ?? []);
      const at = a && b ? a.at.concat(b.at.filter((i) => !a.at.includes(i))) : ((a ?? b)?.at ?? []);
      const rack: FedRack = { rackId, loadKw: loads.get(rackId)?.loadKw ?? 0, a: a?.ids ?? null, b: b?.ids ?? null, elements, at, aAt: a?.at ?? null, bAt: b?.at ?? null };
      racks.push(rack);
      const below = { rack, a, b };
      for (const i of at) this.below[i]?.push(below);
      this.addShares(this.normalKw, rack.loadKw, a, b, 0);
      this.addShares(this.lossKw.A, rack.loadKw, a, b, SIDE_BIT.A);
      this.addShares(this.lossKw.B, rack.loadKw, a, b, SIDE_BIT.B);
    }
    this.racks = racks;
    for (let i = 0; i < n; i++) {
      const worst = Math.max(this.normalKw[i] as number, this.lossKw.A[i] as number, this.lossKw.B[i] as number);
      this.marginKw[i] = (this.ratingKw[i] as number) - worst;
    }
  }

  /** Adds a rack's draw on its surviving paths when every element of side `lostBit` is out (0: none). */
  private addShares(into: Float64Array, loadKw: number, a: Path | null, b: Path | null, lostBit: number): void {
    const aUp = a !== null && (a.sides & lostBit) === 0;
    const bUp = b !== null && (b.sides & lostBit) === 0;
    const share = aUp && bUp ? loadKw / 2 : loadKw;
    if (aUp) for (const i of a.at) into[i] = (into[i] as number) + share;
    if (bUp) for (const i of b.at) into[i] = (into[i] as number) + share;
  }

  private at(id: number): number {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`no element ${id}`);
    return i;
  }

  rating(id: number): number {
    const i = this.index.get(id);
    return i === undefined ? 0 : (this.ratingKw[i] as number);
  }

  sideOf(id: number): PowerSide | null {
    const bits = this.sideBits[this.at(id)];
    return bits === SIDE_BIT.A ? 'A' : bits === SIDE_BIT.B ? 'B' : null;
  }

  /** The most an element carries in normal operation or with either whole side lost. */
  worst(id: number): number {
    const i = this.index.get(id);
    return i === undefined ? 0 : Math.max(this.normalKw[i] as number, this.lossKw.A[i] as number, this.lossKw.B[i] as number);
  }

  /** rating − worst: what may still be added through the element with either side lost. */
  margin(id: number): number {
    const i = this.index.get(id);
    return i === undefined ? 0 : (this.marginKw[i] as number);
  }

  /** A copy of every element's margin by dense index (FedRack.at), for a caller that spends it down. */
  marginsKw(): Float64Array {
    return this.marginKw.slice();
  }

  /** The least margin over every element on a rack's feeds: what it may add with either side lost. */
  rackUpstreamHeadroom(rack: FedRack): number {
    let headroom = Infinity;
    for (const i of rack.at) headroom = Math.min(headroom, this.marginKw[i] as number);
    return headroom;
  }

  /**
   * Headroom of a rack's surviving side when the other side is lost: the least margin along that path;
   * null when the rack has no such side or the survivor itself hangs on the lost side.
   */
  rackHeadroomOnLoss(rack: FedRack, lost: PowerSide): number | null {
    const survivor = lost === 'A' ? rack.bAt : rack.aAt;
    if (!survivor) return null;
    const loss = this.lossKw[lost];
    let headroom = Infinity;
    for (const i of survivor) {
      if ((this.sideBits[i] as number) === SIDE_BIT[lost]) return null;
      headroom = Math.min(headroom, (this.ratingKw[i] as number) - (loss[i] as number));
    }
    return headroom;
  }

  elementLoads(): ElementLoad[] {
    const out: ElementLoad[] = [];
    for (const [id, e] of this.chain.elements) {
      const i = this.at(id);
      out.push({
        elementId: id,
        element: e.name,
        kind: e.kind,
        side: this.sideOf(id),
        parent: e.parentId === null ? null : (this.chain.elements.get(e.parentId)?.name ?? null),
        ratingKw: e.ratingKw,
        ampsPerPhase: e.ampsPerPhase,
        voltageV: e.voltageV,
        racks: this.below[i]?.length ?? 0,
        normalKw: this.normalKw[i] as number,
        onALossKw: this.lossKw.A[i] as number,
        onBLossKw: this.lossKw.B[i] as number,
        worstKw: this.worst(id),
      });
    }
    return out;
  }

  /** What happens when this one element fails: load moved, load dropped, and what then runs over its rating. */
  failure(failedId: number): FailoverElement {
    const element = this.chain.elements.get(failedId);
    if (!element) throw new Error(`no element ${failedId}`);
    const failed = this.at(failedId);
    const { delta } = this;
    const touched: number[] = [];
    const change = (at: readonly number[], kw: number): void => {
      for (const i of at) {
        if (delta[i] === 0) touched.push(i);
        delta[i] = (delta[i] as number) + kw;
      }
    };
    let moved = 0;
    let dropped = 0;
    const racks = this.below[failed] ?? [];
    for (const { rack, a, b } of racks) {
      const aUp = a !== null && !a.at.includes(failed);
      const bUp = b !== null && !b.at.includes(failed);
      const before = a !== null && b !== null ? rack.loadKw / 2 : rack.loadKw;
      if (!aUp && !bUp) {
        dropped += rack.loadKw;
        continue;
      }
      // One side is down, the other carries all: it gains the half that moved. The interrupted path sheds
      // its half, so an element on both paths (a shared intake) nets out to no change.
      const survivor = aUp ? a : b;
      const interrupted = aUp ? b : a;
      const gain = rack.loadKw - before;
      moved += gain;
      if (interrupted) change(interrupted.at, -before);
      if (survivor) change(survivor.at, gain);
    }
    const overloaded: OverloadedElement[] = [];
    for (const i of touched) {
      const kw = delta[i] as number;
      delta[i] = 0;
      if (kw <= EPSILON_KW) continue;
      const loadKw = (this.normalKw[i] as number) + kw;
      const ratingKw = this.ratingKw[i] as number;
      if (loadKw > ratingKw + EPSILON_KW) {
        const id = this.ids[i] as number;
        const e = this.chain.elements.get(id);
        overloaded.push({ elementId: id, element: e?.name ?? String(id), kind: e?.kind ?? 'pdu', loadKw, ratingKw, marginKw: ratingKw - loadKw });
      }
    }
    overloaded.sort((x, y) => x.marginKw - y.marginKw || naturalCompare(x.element, y.element));
    return {
      elementId: failedId,
      element: element.name,
      kind: element.kind,
      side: this.sideOf(failedId),
      loadMovedKw: moved,
      droppedKw: dropped,
      racksAffected: racks.length,
      overloaded,
    };
  }
}
