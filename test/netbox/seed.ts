import type { NetboxPeer } from './peer';

/** Writes through NetBox's REST API as another NetBox user would; bulk lists keep it to a few dozen calls. */
export async function netboxWrite<T>(peer: NetboxPeer, method: string, endpoint: string, body: unknown): Promise<T> {
  const res = await fetch(`${peer.url}/api/${endpoint}/`, {
    method,
    headers: { Authorization: `Bearer ${peer.token}`, Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${endpoint}: HTTP ${res.status} ${text.slice(0, 1000)}`);
  return JSON.parse(text) as T;
}

const BULK_CHUNK = 500;

async function bulkCreate(peer: NetboxPeer, endpoint: string, rows: object[]): Promise<{ id: number }[]> {
  const out: { id: number }[] = [];
  for (let i = 0; i < rows.length; i += BULK_CHUNK) out.push(...(await netboxWrite<{ id: number }[]>(peer, 'POST', endpoint, rows.slice(i, i + BULK_CHUNK))));
  return out;
}

export interface SeededSite {
  readonly slug: string;
  readonly locations: number;
  readonly racks: number;
  readonly devices: number;
  readonly gpus: number;
  readonly deviceIds: number[];
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
const HGX_BUS_IDS = ['18', '2A', '3A', '5D', '9A', 'AB', 'BA', 'DB'];

/**
 * A hall as an operator's NetBox holds it: one site, `locations` data halls, racks split between them, 4U HGX
 * servers stacked in each rack, 8 GPUs per server as inventory items of role GPU with gpu_uuid/pci_bus_id.
 */
export async function seedHall(peer: NetboxPeer, slug: string, shape: { locations: number; racks: number; devices: number; gpusPerDevice: number }): Promise<SeededSite> {
  const [site] = await bulkCreate(peer, 'dcim/sites', [{ name: `Hall ${slug}`, slug, status: 'active', facility: slug.toUpperCase(), time_zone: 'America/Phoenix' }]);
  const locations = await bulkCreate(
    peer,
    'dcim/locations',
    Array.from({ length: shape.locations }, (_, i) => ({ name: `DH${i + 1}`, slug: `dh${i + 1}`, site: site?.id, status: 'active' })),
  );
  const racks = await bulkCreate(
    peer,
    'dcim/racks',
    Array.from({ length: shape.racks }, (_, i) => ({
      name: `R${String(Math.floor(i / 10) + 1).padStart(2, '0')}-${String((i % 10) + 1).padStart(2, '0')}`,
      site: site?.id,
      location: locations[i % shape.locations]?.id,
      status: 'active',
      u_height: 42,
      width: 19,
      asset_tag: `${slug.toUpperCase()}-RK${String(i).padStart(4, '0')}`,
    })),
  );
  const existingMaker = await fetch(`${peer.url}/api/dcim/manufacturers/?slug=supermicro`, { headers: { Authorization: `Bearer ${peer.token}`, Accept: 'application/json' } });
  const makers = ((await existingMaker.json()) as { results: { id: number }[] }).results;
  const maker = makers[0] ?? (await netboxWrite<{ id: number }>(peer, 'POST', 'dcim/manufacturers', { name: 'Supermicro', slug: 'supermicro' }));
  const typeList = await fetch(`${peer.url}/api/dcim/device-types/?slug=sys-421ge-tnhr2-lcc`, { headers: { Authorization: `Bearer ${peer.token}`, Accept: 'application/json' } });
  const type =
    ((await typeList.json()) as { results: { id: number }[] }).results[0] ??
    (await netboxWrite<{ id: number }>(peer, 'POST', 'dcim/device-types', { manufacturer: maker.id, model: 'SYS-421GE-TNHR2-LCC', slug: 'sys-421ge-tnhr2-lcc', part_number: 'SYS-421GE-TNHR2-LCC', u_height: 4 }));
  const roleList = await fetch(`${peer.url}/api/dcim/device-roles/?slug=gpu-node`, { headers: { Authorization: `Bearer ${peer.token}`, Accept: 'application/json' } });
  const role = ((await roleList.json()) as { results: { id: number }[] }).results[0] ?? (await netboxWrite<{ id: number }>(peer, 'POST', 'dcim/device-roles', { name: 'gpu-node', slug: 'gpu-node', color: '9e9e9e' }));
  const perRack = Math.ceil(shape.devices / shape.racks);
  const devices = await bulkCreate(
    peer,
    'dcim/devices',
    Array.from({ length: shape.devices }, (_, i) => {
      const rack = Math.floor(i / perRack);
      return {
        name: `${slug}-n${String(i).padStart(4, '0')}`,
        device_type: type.id,
        role: role.id,
        site: site?.id,
        location: locations[rack % shape.locations]?.id,
        rack: racks[rack]?.id,
        position: 3 + (i % perRack) * 4,
        face: 'front',
        status: 'active',
        serial: `${slug.toUpperCase()}SN${String(i).padStart(6, '0')}`,
      };
    }),
  );
  const gpuRole = await fetch(`${peer.url}/api/dcim/inventory-item-roles/?slug=gpu`, { headers: { Authorization: `Bearer ${peer.token}`, Accept: 'application/json' } });
  const gpu = ((await gpuRole.json()) as { results: { id: number }[] }).results[0] ?? (await netboxWrite<{ id: number }>(peer, 'POST', 'dcim/inventory-item-roles', { name: 'GPU', slug: 'gpu', color: '76b900' }));
  const fields = await fetch(`${peer.url}/api/extras/custom-fields/?name=gpu_uuid`, { headers: { Authorization: `Bearer ${peer.token}`, Accept: 'application/json' } });
  if (((await fields.json()) as { count: number }).count === 0) {
    await bulkCreate(peer, 'extras/custom-fields', [
      { name: 'gpu_uuid', type: 'text', object_types: ['dcim.inventoryitem'] },
      { name: 'pci_bus_id', type: 'text', object_types: ['dcim.inventoryitem'] },
    ]);
  }
  const items = devices.flatMap((d, di) =>
    Array.from({ length: shape.gpusPerDevice }, (_, slot) => ({
      device: d.id,
      name: `GPU${slot}`,
      role: gpu.id,
      status: 'active',
      part_id: 'H200 SXM 141GB',
      serial: `${slug.toUpperCase()}G${String(di * shape.gpusPerDevice + slot).padStart(9, '0')}`,
      custom_fields: {
        gpu_uuid: `GPU-${hex(di, 8)}-${hex(slot, 4)}-4000-8000-${hex(di * 16 + slot, 12)}`,
        pci_bus_id: `00000000:${HGX_BUS_IDS[slot % HGX_BUS_IDS.length] ?? '18'}:00.0`,
      },
    })),
  );
  await bulkCreate(peer, 'dcim/inventory-items', items);
  return { slug, locations: locations.length, racks: racks.length, devices: devices.length, gpus: items.length, deviceIds: devices.map((d) => d.id) };
}
