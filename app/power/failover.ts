import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { naturalCompare } from '../core/natural-order';
import { ChainAnalysis } from './analysis';
import { roomSite, siteChain } from './chain';
import { siteRackLoads } from './loads';
import { loadSiteData, type SiteData, type SiteRack } from './site';
import type { FailoverReport, LoadSource, PowerKind, PowerSide, RackLoad } from './types';

const KIND_ORDER: Record<PowerKind, number> = { utility: 0, generator: 1, ups: 2, switchboard: 3, busway: 4, pdu: 5 };

/** Everything the power and capacity views need about one room, computed once. */
export interface RoomPower {
  readonly roomId: number;
  readonly room: string;
  readonly siteId: number;
  readonly analysis: ChainAnalysis;
  readonly loads: ReadonlyMap<number, RackLoad>;
  /** The site's racks and devices as read for this call, for the capacity figures derived from them. */
  readonly site: SiteData;
  /** The room's racks, in row and name order. */
  readonly racks: readonly SiteRack[];
  /** Elements on any path of the room's racks. */
  readonly roomElements: ReadonlySet<number>;
}

export function roomPower(db: Db, roomId: number): RoomPower {
  const site = roomSite(db, roomId);
  if (!site) throw new FloorwalkError('not_found', `No room ${roomId}.`, { field: 'roomId' });
  const data = loadSiteData(db, site.siteId);
  const chain = siteChain(db, data);
  const loads = siteRackLoads(db, data);
  const analysis = new ChainAnalysis(chain, loads);
  const racks = data.racks.filter((r) => r.roomId === roomId);
  const roomElements = new Set<number>();
  const inRoom = new Set(racks.map((r) => r.id));
  for (const rack of analysis.racks) {
    if (!inRoom.has(rack.rackId)) continue;
    for (const id of rack.elements) roomElements.add(id);
  }
  return { roomId, room: site.label, siteId: site.siteId, site: data, analysis, loads, racks, roomElements };
}

/** For each element serving the room: if it fails, what moves, what drops and what runs over its rating. */
export function failoverReport(db: Db, roomId: number): FailoverReport {
  return failoverFrom(roomPower(db, roomId));
}

export function failoverFrom(power: RoomPower): FailoverReport {
  const { analysis } = power;
  const elements = [...power.roomElements].map((id) => analysis.failure(id));
  elements.sort(
    (x, y) =>
      y.overloaded.length - x.overloaded.length ||
      y.droppedKw - x.droppedKw ||
      KIND_ORDER[x.kind] - KIND_ORDER[y.kind] ||
      naturalCompare(x.element, y.element),
  );
  const loads = analysis.elementLoads().filter((l) => power.roomElements.has(l.elementId));
  loads.sort((x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || naturalCompare(x.element, y.element));
  const racksWithoutFeeds: Array<{ rack: string; missing: PowerSide[] }> = [];
  const sources: Record<LoadSource, number> = { 'pdu-telemetry': 0, 'gpu-telemetry': 0, mixed: 0, nameplate: 0 };
  for (const rack of power.racks) {
    const feed = analysis.chain.feeds.get(rack.id);
    const missing = (['A', 'B'] as const).filter((side) => !feed?.[side]);
    if (missing.length > 0) racksWithoutFeeds.push({ rack: rack.name, missing });
    const load = power.loads.get(rack.id);
    if (load) sources[load.source]++;
  }
  return { roomId: power.roomId, room: power.room, elements, loads, racksWithoutFeeds, sources };
}
