import { FloorwalkError } from '../../core/errors';
import { netboxFetch, netboxList, type NetboxServer } from '../client';

/** The fields of NetBox 4.x REST objects a pull reads (everything else is ignored). */
interface Ref {
  readonly id: number;
  readonly name?: string;
  readonly slug?: string;
}
interface Choice {
  readonly value: string;
}
export interface NbSite {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
  readonly facility: string;
  readonly time_zone: string | null;
  readonly last_updated: string | null;
}
export interface NbLocation {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
  readonly site: Ref;
  readonly last_updated: string | null;
}
export interface NbRack {
  readonly id: number;
  readonly name: string;
  readonly location: Ref | null;
  readonly u_height: number;
  readonly asset_tag: string | null;
  readonly last_updated: string | null;
}
export interface NbDevice {
  readonly id: number;
  readonly name: string | null;
  readonly device_type: Ref & { readonly model: string; readonly manufacturer: Ref };
  readonly role: Ref;
  readonly serial: string;
  readonly asset_tag: string | null;
  readonly status: Choice;
  readonly rack: Ref | null;
  readonly location: Ref | null;
  readonly position: number | null;
  readonly face: Choice | null;
  readonly last_updated: string | null;
}
export interface NbDeviceType {
  readonly id: number;
  readonly model: string;
  readonly slug: string;
  readonly part_number: string;
  readonly u_height: number;
  readonly is_full_depth: boolean;
  readonly airflow: Choice | null;
  readonly manufacturer: Ref;
}
export interface NbInventoryItem {
  readonly id: number;
  readonly device: Ref;
  readonly name: string;
  readonly role: Ref | null;
  readonly part_id: string;
  readonly serial: string;
  readonly description: string;
  readonly status: Choice;
  readonly custom_fields: Record<string, unknown>;
  readonly last_updated: string | null;
}

export interface SiteSnapshot {
  readonly site: NbSite;
  readonly locations: NbLocation[];
  readonly racks: NbRack[];
  readonly devices: NbDevice[];
  readonly deviceTypes: NbDeviceType[];
  readonly items: NbInventoryItem[];
}

/**
 * Reads one site (optionally one location and what is under it) over the REST API, every list paged by
 * cursor. `onObjects` counts what arrived, for progress; the signal stops between pages.
 */
export async function fetchSite(server: NetboxServer, siteSlug: string, location: string | undefined, signal: AbortSignal | undefined, onObjects: (n: number) => void): Promise<SiteSnapshot> {
  const sites = await netboxFetch<{ results: NbSite[] }>(server, 'GET', `/api/dcim/sites/?slug=${encodeURIComponent(siteSlug)}`, undefined, signal);
  const site = sites.body.results[0];
  if (!site) throw new FloorwalkError('not_found', `NetBox at ${server.url} has no site with the slug "${siteSlug}".`, { field: 'site' });
  onObjects(1);
  let locations = await netboxList<NbLocation>(server, 'dcim/locations', { site_id: site.id }, signal, onObjects);
  const scope: Record<string, string | number> = { site_id: site.id };
  if (location !== undefined) {
    const wanted = location.toLowerCase();
    const loc = locations.find((l) => l.slug.toLowerCase() === wanted || l.name.toLowerCase() === wanted);
    if (!loc) throw new FloorwalkError('not_found', `Site ${site.slug} in NetBox has no location "${location}" (it has ${locations.map((l) => l.slug).join(', ') || 'none'}).`, { field: 'location' });
    locations = [loc];
    scope['location_id'] = loc.id;
  }
  const racks = await netboxList<NbRack>(server, 'dcim/racks', scope, signal, onObjects);
  const devices = await netboxList<NbDevice>(server, 'dcim/devices', scope, signal, onObjects);
  const typeIds = [...new Set(devices.map((d) => d.device_type.id))];
  const deviceTypes = typeIds.length === 0 ? [] : await netboxList<NbDeviceType>(server, 'dcim/device-types', { id: typeIds }, signal);
  const items = await netboxList<NbInventoryItem>(server, 'dcim/inventory-items', scope, signal, onObjects);
  return { site, locations, racks, devices, deviceTypes, items };
}
