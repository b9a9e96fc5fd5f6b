import type { Db } from '../../db/open';
import { netboxFetch, type NetboxServer } from '../client';
import { GPU_ROLE_SLUG, type LinkKind } from '../pull/apply';
import { netboxSlug } from '../slug';
import { deviceStatusToNetbox, gpuStatusToNetbox } from '../status';
import type { LocalChange } from './diff';

/** A new object's POST body, or why it cannot be sent. */
export type CreateBody = { body: Record<string, unknown>; note?: string } | { refused: string };

/** A parent created earlier in the same dry run has no NetBox id yet: the body names it instead. */
export interface PendingRef {
  readonly new: string;
}

/**
 * Finds the NetBox ids a new object refers to: its site, location, rack or device (linked by a pull or created
 * by this push), its device type and role. Answers are cached for the push; lookups are GETs only, so a dry
 * run writes nothing.
 */
export class CreateResolver {
  private readonly cache = new Map<string, number | null>();
  /** Local objects a dry run would create, by `entity:id`, so their children can refer to them. */
  readonly pending = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly server: NetboxServer,
    private readonly signal: AbortSignal | undefined,
  ) {}

  linkOf(entity: string, id: number | null): number | PendingRef | null {
    if (id === null) return null;
    const nb = this.db.prepare('SELECT netbox_id FROM netbox_links WHERE server = ? AND entity = ? AND entity_id = ?').pluck().get(this.server.url, entity, id) as number | undefined;
    if (nb !== undefined) return nb;
    const pending = this.pending.get(`${entity}:${id}`);
    return pending === undefined ? null : { new: pending };
  }

  async body(change: LocalChange, message: string): Promise<CreateBody> {
    const row = Object.fromEntries(change.fields.map((f) => [f.field, f.after])) as Record<string, unknown>;
    if (change.kind === 'rack') return this.rack(row, message);
    if (change.kind === 'device') return this.device(row, message);
    return this.item(row, message);
  }

  private rack(row: Record<string, unknown>, message: string): CreateBody {
    const room = this.db.prepare('SELECT site_id FROM rooms WHERE id = ?').get(row['roomId']) as { site_id: number } | undefined;
    const site = this.linkOf('site', room?.site_id ?? null);
    if (site === null) return { refused: 'its site is not in NetBox (pull the site first)' };
    const location = this.linkOf('room', Number(row['roomId']));
    return { body: { name: row['name'], site, location, status: 'active', u_height: row['uHeight'], asset_tag: row['assetTag'] ?? null, changelog_message: message } };
  }

  private async device(row: Record<string, unknown>, message: string): Promise<CreateBody> {
    const rackId = Number(row['rackId']);
    const rack = this.linkOf('rack', rackId);
    if (rack === null) return { refused: 'its rack is not in NetBox' };
    const where = this.db.prepare('SELECT rm.id AS room, rm.site_id AS site FROM racks rk JOIN rooms rm ON rm.id = rk.room_id WHERE rk.id = ?').get(rackId) as { room: number; site: number };
    const site = this.linkOf('site', where.site);
    const type = await this.deviceType(Number(row['typeId']));
    if (typeof type === 'string') return { refused: type };
    const role = await this.lookup('dcim/device-roles', String(row['role']));
    if (role === null) return { refused: `NetBox has no device role "${String(row['role'])}" (load the device-roles file of export --format netbox, or create it)` };
    const status = deviceStatusToNetbox(String(row['status']));
    const position = row['uPosition'] ?? null;
    const body: Record<string, unknown> = {
      name: row['hostname'] ?? null,
      device_type: type,
      role,
      site,
      location: this.linkOf('room', where.room),
      rack,
      position,
      status: status.status,
      serial: row['serial'] ?? '',
      asset_tag: row['assetTag'] ?? null,
      changelog_message: message,
    };
    // A zero-U device has no position and NetBox wants no face for it.
    if (position !== null) body['face'] = row['face'];
    return status.note === undefined ? { body } : { body, note: status.note };
  }

  private async item(row: Record<string, unknown>, message: string): Promise<CreateBody> {
    const device = this.linkOf('device', Number(row['deviceId']));
    if (device === null) return { refused: 'its server is not in NetBox' };
    const role = await this.lookup('dcim/inventory-item-roles', GPU_ROLE_SLUG);
    if (role === null) return { refused: 'NetBox has no inventory item role GPU (load the inventory-item-roles file of export --format netbox)' };
    const status = gpuStatusToNetbox(String(row['status']));
    const cf: Record<string, unknown> = {};
    if (typeof row['uuid'] === 'string') cf['gpu_uuid'] = row['uuid'];
    if (typeof row['pciBusId'] === 'string') cf['pci_bus_id'] = row['pciBusId'];
    const body: Record<string, unknown> = {
      device,
      name: `GPU${String(row['slot'])}`,
      role,
      status: status.status,
      part_id: row['model'] ?? '',
      serial: row['serial'] ?? '',
      description: typeof row['firmware'] === 'string' ? `firmware ${row['firmware']}` : '',
      changelog_message: message,
      ...(Object.keys(cf).length > 0 ? { custom_fields: cf } : {}),
    };
    return status.note === undefined ? { body } : { body, note: status.note };
  }

  /**
   * The NetBox device type of a local type: the one a pulled device of that type has in NetBox, else the type
   * NetBox lists under our slug as part number (what `export --format netbox` writes), our model, or the slug a
   * type pulled from NetBox came with.
   */
  private async deviceType(typeId: number): Promise<number | string> {
    const key = `type:${typeId}`;
    if (this.cache.has(key)) return this.cache.get(key) ?? this.typeMissing(typeId);
    let found: number | null = null;
    const sibling = this.db
      .prepare("SELECT netbox_id FROM netbox_links WHERE server = ? AND kind = 'device' AND json_extract(base, '$.typeId') = ? LIMIT 1")
      .pluck()
      .get(this.server.url, typeId) as number | undefined;
    if (sibling !== undefined) {
      const device = await netboxFetch<{ device_type: { id: number } }>(this.server, 'GET', `/api/dcim/devices/${sibling}/`, undefined, this.signal);
      found = device.body.device_type.id;
    } else {
      const t = this.db.prepare('SELECT slug, vendor, model FROM device_types WHERE id = ?').get(typeId) as { slug: string; vendor: string; model: string };
      const queries = [`part_number=${encodeURIComponent(t.slug)}`, `model=${encodeURIComponent(t.model)}`];
      if (t.slug.startsWith('netbox-')) queries.unshift(`slug=${encodeURIComponent(t.slug.slice('netbox-'.length))}`);
      for (const q of queries) {
        const page = await netboxFetch<{ results: { id: number }[] }>(this.server, 'GET', `/api/dcim/device-types/?${q}&limit=1`, undefined, this.signal);
        found = page.body.results[0]?.id ?? null;
        if (found !== null) break;
      }
    }
    this.cache.set(key, found);
    return found ?? this.typeMissing(typeId);
  }

  private typeMissing(typeId: number): string {
    const t = this.db.prepare('SELECT vendor, model FROM device_types WHERE id = ?').get(typeId) as { vendor: string; model: string } | undefined;
    return `NetBox has no device type ${t ? `${t.vendor} ${t.model}` : typeId} (load the device-types file of export --format netbox, or create it)`;
  }

  /** A role by slug, else by name. */
  private async lookup(endpoint: string, nameOrSlug: string): Promise<number | null> {
    const key = `${endpoint}:${nameOrSlug}`;
    if (this.cache.has(key)) return this.cache.get(key) ?? null;
    let found: number | null = null;
    for (const q of [`slug=${encodeURIComponent(netboxSlug(nameOrSlug))}`, `name=${encodeURIComponent(nameOrSlug)}`]) {
      const page = await netboxFetch<{ results: { id: number }[] }>(this.server, 'GET', `/api/${endpoint}/?${q}&limit=1`, undefined, this.signal);
      found = page.body.results[0]?.id ?? null;
      if (found !== null) break;
    }
    this.cache.set(key, found);
    return found;
  }
}

/** The kind's REST endpoint. */
export const ENDPOINT: Record<LinkKind, string> = {
  site: 'dcim/sites',
  location: 'dcim/locations',
  rack: 'dcim/racks',
  device: 'dcim/devices',
  inventory_item: 'dcim/inventory-items',
};
