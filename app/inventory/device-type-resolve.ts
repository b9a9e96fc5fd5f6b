import type { Db } from '../db/open';

/** A device type as another system names it (NetBox, its devicetype-library, a CSV). */
export interface DeviceTypeName {
  readonly manufacturer?: string | null | undefined;
  readonly model?: string | null | undefined;
  readonly slug?: string | null | undefined;
  readonly partNumber?: string | null | undefined;
}

export interface DeviceTypeMatch {
  readonly typeId: number;
  /** How it matched, for a preview the technician can read. */
  readonly by: 'manufacturer+model' | 'slug' | 'part number' | 'model prefix';
}

interface TypeRow {
  readonly id: number;
  readonly slug: string;
  readonly vendor: string;
  readonly model: string;
}

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
/** "Dell Technologies", "Dell Inc." and "Dell" are one maker; "APC by Schneider Electric" is APC. */
const maker = (s: string): string => norm(s).split(' ')[0] ?? '';

/**
 * Resolves a device type by manufacturer + model, slug or part number as the devicetype-library names them
 * (`APC` + `AP8886`, `nvidia-qm9700`, `PowerEdge XE9680` with manufacturer `Dell`). Only one candidate
 * counts: two equally good matches resolve nothing, so a server is never re-typed by a guess.
 */
export function resolveDeviceType(db: Db, name: DeviceTypeName): DeviceTypeMatch | null {
  const types = db.prepare('SELECT id, slug, vendor, model FROM device_types').all() as TypeRow[];
  const vendor = name.manufacturer ? maker(name.manufacturer) : null;
  const sameMaker = (t: TypeRow): boolean => vendor === null || maker(t.vendor) === vendor || norm(t.vendor).includes(vendor);
  const one = (rows: TypeRow[], by: DeviceTypeMatch['by']): DeviceTypeMatch | null | undefined => {
    if (rows.length === 1 && rows[0]) return { typeId: rows[0].id, by };
    return rows.length > 1 ? null : undefined;
  };
  const model = name.model ? norm(name.model) : null;
  const candidates: [TypeRow[], DeviceTypeMatch['by']][] = [];
  if (model !== null) candidates.push([types.filter((t) => sameMaker(t) && norm(t.model) === model), 'manufacturer+model']);
  if (name.slug) {
    const slug = name.slug.toLowerCase();
    candidates.push([types.filter((t) => t.slug.toLowerCase() === slug || (vendor !== null && t.slug.toLowerCase() === `${vendor}-${slug}`)), 'slug']);
  }
  if (name.partNumber) {
    const part = norm(name.partNumber);
    candidates.push([types.filter((t) => sameMaker(t) && (norm(t.slug) === part || norm(t.model).split(' ').includes(part) || norm(t.model).startsWith(`${part} `))), 'part number']);
  }
  if (model !== null) {
    // Floorwalk's models carry a description after the library's name: "PowerEdge XE9680 (HGX H100 8-GPU)".
    candidates.push([types.filter((t) => sameMaker(t) && (norm(t.model).startsWith(`${model} `) || norm(t.model).split(' ').includes(model))), 'model prefix']);
  }
  for (const [rows, by] of candidates) {
    const match = one(rows, by);
    if (match === null) return null;
    if (match !== undefined) return match;
  }
  return null;
}
