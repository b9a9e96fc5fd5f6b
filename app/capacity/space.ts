import type { SiteData } from '../power/site';

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
export function roomSpace(site: SiteData, roomId: number): Map<number, RackSpace> {
  const taken = new Map<number, Uint8Array>();
  const mounted = new Map<number, number>();
  for (const r of site.racks) if (r.roomId === roomId) taken.set(r.id, new Uint8Array(r.uHeight + 1));
  const { devices } = site;
  for (let i = 0; i < devices.count; i++) {
    const u = devices.u[i] as number;
    const h = site.types.get(devices.typeId[i] as number)?.uHeight ?? 0;
    if (u === 0 || h === 0) continue;
    const rackId = devices.rackId[i] as number;
    const used = taken.get(rackId);
    if (!used) continue;
    mounted.set(rackId, (mounted.get(rackId) ?? 0) + 1);
    used.fill(1, u, Math.min(u + h, used.length));
  }
  const out = new Map<number, RackSpace>();
  for (const [rackId, used] of taken) {
    const uHeight = used.length - 1;
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
