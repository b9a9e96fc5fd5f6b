import type { Db } from '../db/open';
import type { PowerElement, PowerSide, RackFeed } from './types';

/** A site's chain as stored: its elements and the feeds of its racks. */
export interface PowerChain {
  readonly elements: ReadonlyMap<number, PowerElement>;
  /** Feeds by rack: A and B (either may be missing). */
  readonly feeds: ReadonlyMap<number, { A?: RackFeed; B?: RackFeed }>;
}

export function loadSiteChain(db: Db, siteId: number): PowerChain {
  const rows = db
    .prepare(
      `SELECT id, site_id AS siteId, room_id AS roomId, name, kind, parent_id AS parentId, side, rating_kw AS ratingKw,
              amps_per_phase AS ampsPerPhase, voltage_v AS voltageV, phases
       FROM power_elements WHERE site_id = ? ORDER BY id`,
    )
    .all(siteId) as PowerElement[];
  const feedRows = db
    .prepare(
      `SELECT f.rack_id AS rackId, f.side, f.element_id AS elementId, f.pdu_device_id AS pduDeviceId
       FROM power_feeds f JOIN power_elements e ON e.id = f.element_id WHERE e.site_id = ?`,
    )
    .all(siteId) as RackFeed[];
  const feeds = new Map<number, { A?: RackFeed; B?: RackFeed }>();
  for (const f of feedRows) {
    const entry = feeds.get(f.rackId) ?? {};
    entry[f.side] = f;
    feeds.set(f.rackId, entry);
  }
  return { elements: new Map(rows.map((e) => [e.id, e])), feeds };
}

/** The element and its ancestors up to the root, nearest first. A cycle (refused on write) stops the walk. */
export function pathUp(elements: ReadonlyMap<number, PowerElement>, elementId: number): number[] {
  const path: number[] = [];
  const seen = new Set<number>();
  let at: number | null = elementId;
  while (at !== null && !seen.has(at)) {
    const element = elements.get(at);
    if (!element) break;
    seen.add(at);
    path.push(at);
    at = element.parentId;
  }
  return path;
}

/** An element's side: its own, else the nearest ancestor's; null when nothing above says (shared). */
export function resolvedSide(elements: ReadonlyMap<number, PowerElement>, elementId: number): PowerSide | null {
  for (const id of pathUp(elements, elementId)) {
    const side = elements.get(id)?.side ?? null;
    if (side !== null) return side;
  }
  return null;
}

/** The site a room belongs to. */
export function roomSite(db: Db, roomId: number): { siteId: number; label: string } | undefined {
  return db
    .prepare("SELECT rm.site_id AS siteId, s.code || '/' || rm.name AS label FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE rm.id = ?")
    .get(roomId) as { siteId: number; label: string } | undefined;
}
