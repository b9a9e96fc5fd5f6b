import type Database from 'better-sqlite3';
import type { Db } from '../../db/open';
import { gpuOfInstance, identityLabel, migLabel, normaliseBusId, normaliseUuid, unmatchedKey, type TargetIdentity } from '../map/identity';

/** What a telemetry target is in the inventory; `unmatched` is kept and listed, never dropped. */
export type TargetKind = 'accelerator' | 'device' | 'rack' | 'sensor' | 'cooling_unit' | 'unmatched';

export interface ResolvedTarget {
  /** `accelerator:12` for a match, the identity's key (`gpu-uuid:…`) otherwise. */
  readonly key: string;
  readonly kind: TargetKind;
  readonly entityId: number | null;
  readonly label: string;
  /** IANA zone of the site the target stands in, for naive timestamps; null when unknown. */
  readonly zone: string | null;
  /** Sensors only: inlet, outlet, floor, ceiling, loop. */
  readonly position: string | null;
  readonly identity: TargetIdentity;
  /** Why an unmatched target did not match, when there is more to say than "not in the inventory". */
  readonly note: string | null;
}

interface PlaceRow {
  readonly id: number;
  readonly label: string;
  readonly zone: string | null;
}

interface NamedRow {
  readonly id: number;
  readonly name: string;
  readonly site: string;
  readonly room: string;
  readonly zone: string;
  readonly position: string | null;
}

type NamedKind = 'rack' | 'sensor' | 'cooling_unit';

const PLACE = `LEFT JOIN racks rk ON rk.id = d.rack_id LEFT JOIN rooms rm ON rm.id = rk.room_id LEFT JOIN sites st ON st.id = rm.site_id`;

/**
 * Matches identities to the inventory. Identity lookups use the unique indexes (UUID, serial, hostname);
 * rack, sensor and CDU names repeat from hall to hall, so they are loaded once into a name index and
 * matched with the site/room qualifiers a file gives (or the import's room), and an ambiguous name stays
 * unmatched with a note rather than being guessed.
 */
export class InventoryResolver {
  private readonly accByUuid: Database.Statement;
  private readonly accBySerial: Database.Statement;
  private readonly deviceByHost: Database.Statement;
  private readonly deviceByHostPrefix: Database.Statement;
  private readonly deviceBySerial: Database.Statement;
  private readonly accsOfDevice: Database.Statement;
  private readonly rackByTag: Database.Statement;
  private readonly coolingUnitBySerial: Database.Statement;
  private names: Map<string, Array<NamedRow & { kind: NamedKind }>> | null = null;

  constructor(
    private readonly db: Db,
    /** Default site/room for bare names (`--room PHX1/DH1`). */
    private readonly scope: { site?: string; room?: string } = {},
  ) {
    const acc = `SELECT a.id, coalesce(a.uuid, a.serial, 'GPU') || ' (' || coalesce(d.hostname, 'no host') || ' slot ' || a.slot || ')' AS label, st.timezone AS zone
      FROM accelerators a JOIN devices d ON d.id = a.device_id ${PLACE}`;
    this.accByUuid = db.prepare(`${acc} WHERE a.uuid = ?`);
    this.accBySerial = db.prepare(`${acc} WHERE a.serial = ?`);
    const dev = `SELECT d.id, coalesce(d.hostname, d.serial, 'device ' || d.id) AS label, st.timezone AS zone FROM devices d ${PLACE}`;
    this.deviceByHost = db.prepare(`${dev} WHERE d.hostname = ?`);
    this.deviceByHostPrefix = db.prepare(`${dev} WHERE d.hostname LIKE ? ESCAPE '\\' LIMIT 2`);
    this.deviceBySerial = db.prepare(`${dev} WHERE d.serial = ?`);
    this.accsOfDevice = db.prepare(`SELECT a.id, a.pci_bus_id AS bus, a.uuid, a.slot FROM accelerators a WHERE a.device_id = ?`);
    this.rackByTag = db.prepare(
      `SELECT rk.id, rk.name, st.code AS site, rm.name AS room, st.timezone AS zone, NULL AS position
       FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites st ON st.id = rm.site_id WHERE rk.asset_tag = ?`,
    );
    this.coolingUnitBySerial = db.prepare(
      `SELECT cu.id, cu.name, st.code AS site, rm.name AS room, st.timezone AS zone, NULL AS position
       FROM cooling_units cu JOIN rooms rm ON rm.id = cu.room_id JOIN sites st ON st.id = rm.site_id WHERE cu.serial = ?`,
    );
  }

  resolve(identity: TargetIdentity): ResolvedTarget {
    switch (identity.hint) {
      case 'gpu':
        if (identity.mig !== undefined) return this.migInstance(identity);
        return this.gpu(identity) ?? this.unmatched(identity, null);
      case 'device':
        return this.device(identity) ?? this.unmatched(identity, null);
      case 'rack':
      case 'sensor':
      case 'cooling_unit':
        return this.named(identity, [identity.hint]);
      case 'any':
        return this.any(identity);
    }
  }

  private matched(kind: TargetKind, row: PlaceRow, identity: TargetIdentity, position: string | null = null): ResolvedTarget {
    return { key: `${kind}:${row.id}`, kind, entityId: row.id, label: row.label, zone: row.zone, position, identity, note: null };
  }

  private unmatched(identity: TargetIdentity, note: string | null): ResolvedTarget {
    return { key: unmatchedKey(identity), kind: 'unmatched', entityId: null, label: identityLabel(identity), zone: null, position: null, identity, note };
  }

  /**
   * A MIG instance: a target of its own, named under its GPU (telemetry_targets holds one row per
   * inventory entity, so the instance is kept like an unmatched target, with the GPU's zone and a note).
   */
  private migInstance(identity: TargetIdentity): ResolvedTarget {
    const gpu = this.gpu(gpuOfInstance(identity));
    if (!gpu) return this.unmatched(identity, null);
    return {
      key: `mig:${gpu.key}/${identity.mig ?? ''}`,
      kind: 'unmatched',
      entityId: null,
      label: migLabel(identity, gpu.label),
      zone: gpu.zone,
      position: null,
      identity,
      note: `a MIG instance of ${gpu.label}: its readings are kept per instance, apart from the GPU's`,
    };
  }

  private gpu(identity: TargetIdentity): ResolvedTarget | null {
    if (identity.uuid) {
      const row = this.accByUuid.get(normaliseUuid(identity.uuid)) as PlaceRow | undefined;
      if (row) return this.matched('accelerator', row, identity);
    }
    if (identity.serial) {
      const row = this.accBySerial.get(identity.serial.trim()) as PlaceRow | undefined;
      if (row) return this.matched('accelerator', row, identity);
    }
    if (identity.host && identity.busId) {
      const device = this.hostRow(identity.host);
      const bus = normaliseBusId(identity.busId);
      if (device && bus) {
        const accs = this.accsOfDevice.all(device.id) as Array<{ id: number; bus: string | null; uuid: string | null; slot: number }>;
        const hit = accs.find((a) => a.bus !== null && normaliseBusId(a.bus) === bus);
        if (hit) return this.matched('accelerator', { id: hit.id, label: `${hit.uuid ?? bus} (${identity.host} slot ${hit.slot})`, zone: device.zone }, identity);
      }
    }
    return null;
  }

  private hostRow(host: string): PlaceRow | null {
    const name = host.trim();
    if (name === '') return null;
    const exact = this.deviceByHost.get(name) as PlaceRow | undefined;
    if (exact) return exact;
    const dot = name.indexOf('.');
    if (dot > 0) {
      const short = this.deviceByHost.get(name.slice(0, dot)) as PlaceRow | undefined;
      if (short) return short;
    } else {
      const fqdn = this.deviceByHostPrefix.all(`${name.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`) as PlaceRow[];
      if (fqdn.length === 1 && fqdn[0]) return fqdn[0];
    }
    return null;
  }

  private device(identity: TargetIdentity): ResolvedTarget | null {
    if (identity.host) {
      const row = this.hostRow(identity.host);
      if (row) return this.matched('device', row, identity);
    }
    if (identity.serial) {
      const row = this.deviceBySerial.get(identity.serial.trim()) as PlaceRow | undefined;
      if (row) return this.matched('device', row, identity);
    }
    return null;
  }

  private nameIndex(): Map<string, Array<NamedRow & { kind: NamedKind }>> {
    if (this.names) return this.names;
    const names = new Map<string, Array<NamedRow & { kind: NamedKind }>>();
    const add = (kind: NamedKind, rows: NamedRow[]): void => {
      for (const row of rows) {
        const key = row.name.toLowerCase();
        const list = names.get(key);
        if (list) list.push({ ...row, kind });
        else names.set(key, [{ ...row, kind }]);
      }
    };
    const place = `JOIN rooms rm ON rm.id = x.room_id JOIN sites st ON st.id = rm.site_id`;
    add('rack', this.db.prepare(`SELECT x.id, x.name, st.code AS site, rm.name AS room, st.timezone AS zone, NULL AS position FROM racks x ${place}`).all() as NamedRow[]);
    add('sensor', this.db.prepare(`SELECT x.id, x.name, st.code AS site, rm.name AS room, st.timezone AS zone, x.position FROM sensors x ${place}`).all() as NamedRow[]);
    add(
      'cooling_unit',
      this.db.prepare(`SELECT x.id, x.name, st.code AS site, rm.name AS room, st.timezone AS zone, NULL AS position FROM cooling_units x ${place}`).all() as NamedRow[],
    );
    this.names = names;
    return names;
  }

  /** A rack, sensor or CDU by name; "SITE/ROOM/NAME" qualifies a bare name, as do site/room columns. */
  private named(identity: TargetIdentity, kinds: readonly NamedKind[]): ResolvedTarget {
    if (identity.name === undefined && identity.serial !== undefined && kinds.includes('cooling_unit')) {
      const unit = this.coolingUnitBySerial.get(identity.serial.trim()) as NamedRow | undefined;
      if (unit) return this.matched('cooling_unit', { id: unit.id, label: `${unit.site}/${unit.room}/${unit.name}`, zone: unit.zone }, identity);
      return this.unmatched(identity, null);
    }
    const raw = (identity.name ?? '').trim();
    const parts = raw.split('/').map((p) => p.trim());
    const name = parts[parts.length - 1] ?? '';
    const site = (parts.length >= 3 ? parts[parts.length - 3] : identity.site) ?? this.scope.site;
    const room = (parts.length >= 2 ? parts[parts.length - 2] : identity.room) ?? this.scope.room;
    const candidates = (this.nameIndex().get(name.toLowerCase()) ?? []).filter(
      (row) =>
        kinds.includes(row.kind) &&
        (site === undefined || row.site.toLowerCase() === site.toLowerCase()) &&
        (room === undefined || row.room.toLowerCase() === room.toLowerCase()),
    );
    const qualified: TargetIdentity = { ...identity, name, ...(site !== undefined ? { site } : {}), ...(room !== undefined ? { room } : {}) };
    if (candidates.length === 1 && candidates[0]) {
      const row = candidates[0];
      return this.matched(row.kind, { id: row.id, label: `${row.site}/${row.room}/${row.name}`, zone: row.zone }, qualified, row.position);
    }
    if (candidates.length === 0 && kinds.includes('rack')) {
      const tagged = this.rackByTag.get(name) as NamedRow | undefined;
      if (tagged) return this.matched('rack', { id: tagged.id, label: `${tagged.site}/${tagged.room}/${tagged.name}`, zone: tagged.zone }, qualified);
    }
    if (candidates.length > 1) {
      candidates.sort((a, b) => `${a.site}/${a.room}`.localeCompare(`${b.site}/${b.room}`));
      const where = candidates.slice(0, 3).map((c) => `${c.site}/${c.room}`);
      return this.unmatched(qualified, `${candidates.length} places have a ${name}: ${where.join(', ')}${candidates.length > 3 ? ', …' : ''}; give the site and room (SITE/ROOM/${name}, a Site/Room column, or --room)`);
    }
    return this.unmatched(qualified, null);
  }

  /** A free-text target (the long format): GPU UUID, host/bus, a `kind:` prefix, hostname, serial, then names. */
  private any(identity: TargetIdentity): ResolvedTarget {
    const text = (identity.name ?? '').trim();
    const prefixed = /^(gpu|accelerator|device|host|rack|sensor|cdu|crah|cooling_unit):(.+)$/i.exec(text);
    if (prefixed) {
      const kind = (prefixed[1] ?? '').toLowerCase();
      const rest = (prefixed[2] ?? '').trim();
      if (kind === 'gpu' || kind === 'accelerator') return this.resolve(gpuIdentityFromText(rest, identity));
      if (kind === 'device' || kind === 'host') return this.resolve({ hint: 'device', host: rest, serial: rest });
      if (kind === 'rack') return this.resolve({ ...identity, hint: 'rack', name: rest });
      if (kind === 'sensor') return this.resolve({ ...identity, hint: 'sensor', name: rest });
      return this.resolve({ ...identity, hint: 'cooling_unit', name: rest });
    }
    if (/^(GPU|MIG)-[0-9a-f-]+$/i.test(text) || /\/[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.\d$/i.test(text)) {
      return this.resolve(gpuIdentityFromText(text, identity));
    }
    const device = this.hostRow(text);
    if (device) return this.matched('device', device, { hint: 'device', host: text });
    const accelerator = this.accBySerial.get(text) as PlaceRow | undefined;
    if (accelerator) return this.matched('accelerator', accelerator, { hint: 'gpu', serial: text });
    const bySerial = this.deviceBySerial.get(text) as PlaceRow | undefined;
    if (bySerial) return this.matched('device', bySerial, { hint: 'device', serial: text });
    return this.named(identity, ['rack', 'sensor', 'cooling_unit']);
  }
}

/** "GPU-…", "host/00000000:18:00.0" or a serial, as a GPU identity. */
function gpuIdentityFromText(text: string, base: TargetIdentity): TargetIdentity {
  if (/^(GPU|MIG)-/i.test(text)) return { hint: 'gpu', uuid: text };
  const slash = text.lastIndexOf('/');
  if (slash > 0) {
    const bus = normaliseBusId(text.slice(slash + 1));
    if (bus) return { hint: 'gpu', host: text.slice(0, slash), busId: bus };
  }
  return { ...base, hint: 'gpu', serial: text, name: text };
}
