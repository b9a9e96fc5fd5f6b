import type { Db } from '../db/open';
import { roomPower } from './failover';
import type { ElementLoad, LoadSource, PowerElement, PowerSide } from './types';

export interface ChainElementView extends PowerElement {
  readonly load: ElementLoad | null;
}

export interface ChainRackView {
  readonly rackId: number;
  readonly rack: string;
  readonly row: string | null;
  readonly loadKw: number;
  readonly loadSource: LoadSource;
  readonly feeds: Partial<Record<PowerSide, { readonly elementId: number; readonly element: string; readonly pduDeviceId: number | null }>>;
}

export interface PowerChainView {
  readonly roomId: number;
  readonly room: string;
  readonly siteId: number;
  /** Every element of the site (a rack may hang on any of them), with its loads. */
  readonly elements: ChainElementView[];
  readonly racks: ChainRackView[];
}

export function powerChainView(db: Db, roomId: number): PowerChainView {
  const power = roomPower(db, roomId);
  const { analysis } = power;
  const loads = new Map(analysis.elementLoads().map((l) => [l.elementId, l]));
  const elements = [...analysis.chain.elements.values()].map((e) => ({ ...e, load: loads.get(e.id) ?? null }));
  const racks = power.racks.map((r) => {
    const feed = analysis.chain.feeds.get(r.id);
    const feeds: ChainRackView['feeds'] = {};
    for (const side of ['A', 'B'] as const) {
      const f = feed?.[side];
      if (f) feeds[side] = { elementId: f.elementId, element: analysis.chain.elements.get(f.elementId)?.name ?? String(f.elementId), pduDeviceId: f.pduDeviceId };
    }
    const load = power.loads.get(r.id);
    return { rackId: r.id, rack: r.name, row: r.row, loadKw: load?.loadKw ?? 0, loadSource: load?.source ?? 'nameplate', feeds };
  });
  return { roomId, room: power.room, siteId: power.siteId, elements, racks };
}
