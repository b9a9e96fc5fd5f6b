import type { SearchHit, SearchKind } from '../../app/inventory/types';
import { rackRoute, type Route } from '../shell/route';

/** How search hits are grouped and where choosing one takes the technician. Pure. */

export const KIND_ORDER: readonly SearchKind[] = ['accelerator', 'device', 'rack', 'room', 'site', 'cooling_unit', 'sensor'];

export const KIND_LABELS: Readonly<Record<SearchKind, string>> = {
  accelerator: 'GPU',
  device: 'Device',
  rack: 'Rack',
  room: 'Room',
  site: 'Site',
  cooling_unit: 'Cooling',
  sensor: 'Sensor',
};

export const FIELD_LABELS: Readonly<Record<string, string>> = {
  serial: 'serial',
  uuid: 'UUID',
  asset_tag: 'asset tag',
  hostname: 'hostname',
  name: 'name',
  code: 'code',
};

export interface HitGroup {
  readonly kind: SearchKind;
  readonly hits: readonly SearchHit[];
}

/** Groups in a fixed order (GPUs first: they are what technicians hunt most), exact matches first within. */
export function groupHits(hits: readonly SearchHit[]): HitGroup[] {
  return KIND_ORDER.map((kind) => ({
    kind,
    hits: hits.filter((h) => h.kind === kind).sort((a, b) => Number(b.exact) - Number(a.exact)),
  })).filter((g) => g.hits.length > 0);
}

/** The hits in on-screen order, for arrow-key navigation across groups. */
export function flattenGroups(groups: readonly HitGroup[]): SearchHit[] {
  return groups.flatMap((g) => g.hits);
}

/** "GPU-8da6… — H100 SXM5 80GB in host" → the matched value and what it is. */
export function splitLabel(label: string): { value: string; what: string } {
  const at = label.indexOf(' — ');
  return at < 0 ? { value: label, what: '' } : { value: label.slice(0, at), what: label.slice(at + 3) };
}

export function hitRoute(hit: SearchHit): Route {
  switch (hit.kind) {
    case 'accelerator':
      if (hit.rackId !== null) return rackRoute(hit.rackId, hit.deviceId, hit.id);
      return hit.deviceId !== null ? { view: 'device', deviceId: hit.deviceId, acceleratorId: hit.id } : { view: 'home' };
    case 'device':
      return hit.rackId !== null ? rackRoute(hit.rackId, hit.id) : { view: 'device', deviceId: hit.id, acceleratorId: null };
    case 'rack':
      return rackRoute(hit.id);
    case 'room':
      return { view: 'room', roomId: hit.id, tab: 'racks' };
    case 'site':
      return { view: 'site', siteId: hit.id };
    case 'cooling_unit':
    case 'sensor':
      if (hit.rackId !== null) return rackRoute(hit.rackId);
      return hit.roomId !== null ? { view: 'room', roomId: hit.roomId, tab: 'racks' } : { view: 'home' };
  }
}
