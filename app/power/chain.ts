import type { Db } from '../db/open';
import type { SiteData } from './site';
import type { PowerElement, PowerSide, RackFeed } from './types';

/** A site's chain as stored: its elements and the feeds of its racks. */
export interface PowerChain {
  readonly elements: ReadonlyMap<number, PowerElement>;
  /** Feeds by rack: A and B (either may be missing). */
  readonly feeds: ReadonlyMap<number, { A?: RackFeed; B?: RackFeed }>;
}

export const SITE_ELEMENTS_SQL = 'SELECT id, room_id, name, kind, parent_id, side, rating_kw, amps_per_phase, voltage_v, phases FROM power_elements WHERE site_id = ?';

type ElementRaw = [number, number | null, string, PowerElement['kind'], number | null, PowerSide | null, number, number | null, number | null, 1 | 3];

/** The site's chain: its elements (one statement) and its racks' feeds (already read with the racks). */
export function siteChain(db: Db, site: SiteData): PowerChain {
  const rows = db
    .prepare(SITE_ELEMENTS_SQL)
    .raw(true)
    .all(site.siteId) as ElementRaw[];
  // Id order (creation order) for the views; the site index hands them over in name order.
  rows.sort((x, y) => x[0] - y[0]);
  const elements = new Map<number, PowerElement>();
  const { siteId } = site;
  for (const [id, roomId, name, kind, parentId, side, ratingKw, ampsPerPhase, voltageV, phases] of rows) {
    elements.set(id, { id, siteId, roomId, name, kind, parentId, side, ratingKw, ampsPerPhase, voltageV, phases });
  }
  const feeds = new Map<number, { A?: RackFeed; B?: RackFeed }>();
  for (const rack of site.racks) if (rack.feeds.A || rack.feeds.B) feeds.set(rack.id, rack.feeds);
  return { elements, feeds };
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
