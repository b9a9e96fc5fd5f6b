import { ACCELERATOR_STATUSES, type AcceleratorStatus } from '../../inventory/types';
import { acceleratorNoun, describePart, devicePlace, identityTakenMessage, identityWord } from '../../inventory/rules';
import type { NewRow } from '../../inventory/writes/entity';
import { cached, loadRow, type AcceleratorRow } from '../../inventory/writes/tables';
import type { Db } from '../../db/open';
import { Cells, type ColumnSpec } from './columns';
import { FileClaims, IdentityLookup, TypeIndex, type TypeRef } from './lookup';
import { simplePlan, type KindImporter } from './plan';

/**
 * Accelerators (GPUs): the device they sit in (hostname, or its serial), slot, model, serial, UUID, PCI bus
 * id, firmware, status. Upsert key: serial; a row without a serial updates whatever sits in its slot. On an
 * update an empty cell keeps the current value.
 */
export const ACCELERATOR_COLUMNS: readonly ColumnSpec[] = [
  { field: 'device', names: ['device', 'device_name', 'hostname'], identifier: 'Device' },
  { field: 'deviceSerial', names: ['device_serial'], identifier: 'Device serial' },
  { field: 'slot', names: ['slot', 'gpu_index', 'index'] },
  { field: 'model', names: ['model'] },
  { field: 'serial', names: ['serial', 'serial_number'], identifier: 'Serial' },
  { field: 'uuid', names: ['uuid', 'gpu_uuid'], identifier: 'UUID' },
  { field: 'pciBusId', names: ['pci_bus_id', 'pci_bus'], identifier: 'PCI bus id' },
  { field: 'firmware', names: ['firmware', 'vbios', 'vbios_version'] },
  { field: 'status', names: ['status'] },
];

export const ACCELERATOR_EXPORT_HEADER = ['device', 'device_serial', 'slot', 'model', 'serial', 'uuid', 'pci_bus_id', 'firmware', 'status'] as const;

const MAX_SLOT = 63;

interface DeviceInfo {
  readonly id: number;
  readonly type: TypeRef;
  /** Slot → accelerator id, as in the database. */
  readonly slots: Map<number, number>;
}

function deviceInfo(db: Db, types: TypeIndex, cache: Map<number, DeviceInfo | null>, id: number): DeviceInfo | null {
  let info = cache.get(id);
  if (info === undefined) {
    const typeId = cached(db, 'SELECT type_id FROM devices WHERE id = ?', 'pluck').get(id) as number | undefined;
    const type = typeId === undefined ? undefined : types.byId.get(typeId);
    if (!type) info = null;
    else {
      const slots = new Map((cached(db, 'SELECT slot, id FROM accelerators WHERE device_id = ?', 'raw').all(id) as Array<[number, number]>).map(([s, a]) => [s, a]));
      info = { id, type, slots };
    }
    cache.set(id, info);
  }
  return info;
}

export const acceleratorsImporter: KindImporter = {
  columns: ACCELERATOR_COLUMNS,

  missingColumns(map) {
    if (map.index.has('serial') || ((map.index.has('device') || map.index.has('deviceSerial')) && map.index.has('slot'))) return null;
    return 'The file needs a serial column, or device and slot columns: that is how a row finds its accelerator.';
  },

  plan(ctx, map, rows) {
    const { db, sink } = ctx;
    const types = new TypeIndex(db);
    const lookups = { serial: new IdentityLookup(db, 'serial', rows.length), uuid: new IdentityLookup(db, 'uuid', rows.length), hostname: new IdentityLookup(db, 'hostname', rows.length) };
    const devices = new Map<number, DeviceInfo | null>();
    const keyClaims = new FileClaims<number>();
    const slotClaims = new FileClaims<number>();
    const identityClaims = { serial: new FileClaims<number>(), uuid: new FileClaims<number>() };
    const candidates: Array<{ cells: Cells; before: AcceleratorRow | null; row: NewRow<'accelerator'>; device: DeviceInfo }> = [];

    const findDevice = (cells: Cells): DeviceInfo | null | undefined => {
      const bySerial = cells.text('deviceSerial', 100);
      const byName = cells.text('device', 100);
      if (!bySerial && !byName) return undefined;
      const text = (bySerial ?? byName) as string;
      const ref = bySerial
        ? lookups.serial.holders(bySerial).find((h) => h.entity === 'device')
        : (lookups.hostname.holders(text)[0] ?? lookups.serial.holders(text).find((h) => h.entity === 'device'));
      if (!ref) return cells.fail(bySerial ? 'deviceSerial' : 'device', `There is no device with ${bySerial ? 'serial' : 'hostname or serial'} "${text}".`) ?? null;
      return deviceInfo(db, types, devices, ref.id);
    };

    for (const record of rows) {
      const cells = new Cells(map, record, sink);
      ctx.tick();
      const slot = cells.int('slot', 0, MAX_SLOT, 'slot');
      const model = cells.text('model', 60);
      const serial = cells.text('serial', 100);
      const uuid = cells.text('uuid', 100);
      const pciBusId = cells.text('pciBusId', 100);
      const firmware = cells.text('firmware', 100);
      const status = cells.choice<AcceleratorStatus>('status', ACCELERATOR_STATUSES, 'accelerator status');
      const named = findDevice(cells);
      if (!cells.ok) continue;

      let before: AcceleratorRow | null = null;
      const serialHolders = serial ? lookups.serial.holders(serial) : null;
      if (serialHolders) {
        const hit = serialHolders.find((h) => h.entity === 'accelerator');
        if (hit) before = loadRow(db, 'accelerator', hit.id);
      } else if (named && slot !== undefined && slot !== null) {
        const id = named.slots.get(slot);
        if (id !== undefined) before = loadRow(db, 'accelerator', id);
      }
      if (before) {
        const earlier = keyClaims.claim(String(before.id), record.row);
        if (earlier !== undefined) {
          cells.fail(serial ? 'serial' : 'slot', `Row ${earlier} of this file already updates this accelerator.`);
          continue;
        }
      }
      const device = named ?? (before ? deviceInfo(db, types, devices, before.deviceId) : null);
      if (!device) {
        cells.fail('device', 'A new accelerator needs the device it sits in (hostname or device_serial).');
        continue;
      }
      const slotValue = slot ?? before?.slot ?? null;
      if (slotValue === null) {
        cells.fail('slot', 'A new accelerator needs its slot.');
        continue;
      }
      const row: NewRow<'accelerator'> = {
        deviceId: device.id,
        slot: slotValue,
        model: model ?? before?.model ?? device.type.accelModel ?? device.type.model,
        serial: serial ?? before?.serial ?? null,
        uuid: uuid ?? before?.uuid ?? null,
        pciBusId: pciBusId ?? before?.pciBusId ?? null,
        firmware: firmware ?? before?.firmware ?? null,
        status: status ?? before?.status ?? 'ok',
      };
      const where = (): string => {
        const place = devicePlace(db, device.id);
        return place ? `${place.label} (${place.path})` : `device ${device.id}`;
      };
      const t = device.type;
      if (t.accelCount === 0) cells.fail('device', () => `${where()} is a ${t.vendor} ${t.model}, which has no accelerator slots.`);
      else if (row.slot >= t.accelCount) cells.fail('slot', () => `Slot ${row.slot} does not exist on ${where()}: a ${t.vendor} ${t.model} has slots 0–${t.accelCount - 1}.`);
      if (!cells.ok) continue;

      for (const field of ['serial', 'uuid'] as const) {
        const value = row[field];
        if (value === null) continue;
        const holders = field === 'serial' && serialHolders && value === serial ? serialHolders : lookups[field].holders(value);
        const other = holders.find((h) => !(before && h.entity === 'accelerator' && h.id === before.id));
        if (other) cells.fail(field, () => identityTakenMessage(field, value, describePart(db, other)));
        else {
          const earlier = identityClaims[field].claim(value, record.row);
          if (earlier !== undefined) cells.fail(field, `${identityWord(field)} ${value} is also on row ${earlier} of this file.`);
        }
      }
      if (!cells.ok) continue;
      candidates.push({ cells, before, row, device });
    }

    // Slots as they will be: the file's accelerators in their slots, the others where they are.
    const rewritten = new Set(candidates.filter((c) => c.before).map((c) => (c.before as AcceleratorRow).id));
    for (const c of candidates) {
      const holder = c.device.slots.get(c.row.slot);
      if (holder !== undefined && holder !== c.before?.id && !rewritten.has(holder)) {
        const held = loadRow(db, 'accelerator', holder);
        c.cells.fail(
          'slot',
          () => `Slot ${c.row.slot} of ${describePart(db, { entity: 'device', id: c.device.id })} already holds ${acceleratorNoun(held?.model ?? '')} ${held?.serial ?? `#${holder}`}; remove it first.`,
        );
        continue;
      }
      const earlier = slotClaims.claim(`${c.device.id}/${c.row.slot}`, c.cells.row);
      if (earlier !== undefined) c.cells.fail('slot', `Row ${earlier} of this file already puts an accelerator in slot ${c.row.slot} of this device.`);
    }

    return simplePlan(db, 'accelerator', candidates);
  },
};
