import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { naturalCompare } from '../core/natural-order';
import { DLC_LIQUID_SHARE } from './cooling';
import type { FedRack } from '../power/analysis';
import { roomCapacity, type RoomCapacity } from './report';
import { NVL72_PART_SLUGS, nvl72Elevation, type Nvl72PartKind } from './rack-scale';
import { fitDevices } from './space';
import type { RackCapacity } from './types';
import { DEFAULT_RACK_MAX_WEIGHT_KG, deviceWeightKg, RACK_SCALE_SYSTEMS } from './weights';

export interface PlacementProfile {
  readonly slug: string;
  readonly label: string;
  readonly count: number;
  /** U per device; 0 for a rack-scale system (it takes a whole empty position). */
  readonly uEach: number;
  readonly kwEach: number;
  readonly kwTotal: number;
  readonly weightKgTotal: number;
  readonly rackScale: boolean;
  readonly liquidOnly: boolean;
  /** Device type id to commit with; null for a rack-scale system (its parts are committed instead). */
  readonly typeId: number | null;
  /** A rack-scale system's catalog parts at their U, as a commit writes them; empty otherwise. */
  readonly parts: ReadonlyArray<{ readonly typeId: number; readonly slug: string; readonly u: number; readonly role: string }>;
}

export interface PlacementEffect {
  readonly loadKw: number;
  readonly powerHeadroomKw: number;
  readonly coolingHeadroomKw: number;
  readonly headroomOnALossKw: number | null;
  readonly headroomOnBLossKw: number | null;
  readonly weightKg: number;
  readonly maxWeightKg: number;
}

export interface PlacementCandidate {
  readonly rackId: number;
  readonly rack: string;
  readonly row: string | null;
  /** U position of each device, bottom first; empty for rack-scale. */
  readonly positions: number[];
  readonly before: PlacementEffect;
  readonly after: PlacementEffect;
  /** The least of the after figures (power, cooling, both side losses): the ranking key, largest first. */
  readonly marginKw: number;
}

export interface PlacementRejection {
  readonly rackId: number;
  readonly rack: string;
  readonly row: string | null;
  readonly reasons: string[];
}

export interface PlacementResult {
  readonly roomId: number;
  readonly room: string;
  readonly profile: PlacementProfile;
  readonly candidates: PlacementCandidate[];
  readonly rejected: PlacementRejection[];
}

const kw = (value: number): string => `${value.toFixed(1)} kW`;

function profileOf(db: Db, slug: string, count: number): PlacementProfile {
  const system = RACK_SCALE_SYSTEMS.find((s) => s.slug === slug);
  if (system) {
    if (count !== 1) throw new FloorwalkError('invalid_input', `${system.label} is a whole rack: place one at a time.`, { field: 'count' });
    // The system as the catalog builds it (the same elevation the demo's NVL72 hall uses): its power is
    // the sum of its parts' nameplate, and a commit writes those parts.
    const types = new Map(
      (db.prepare('SELECT slug, id, max_power_w AS w FROM device_types WHERE slug IN (SELECT value FROM json_each(?))').all(JSON.stringify(Object.values(NVL72_PART_SLUGS))) as Array<{ slug: string; id: number; w: number }>).map((t) => [t.slug, t]),
    );
    const elevation = nvl72Elevation();
    const inCatalog = elevation.every((p) => types.has(p.slug));
    const parts = inCatalog ? elevation.map((p) => ({ typeId: types.get(p.slug)?.id ?? 0, slug: p.slug, u: p.u, role: p.role })) : [];
    const kwTotal = inCatalog ? elevation.reduce((sum, p) => sum + (types.get(p.slug)?.w ?? 0), 0) / 1000 : system.powerKw;
    const label = inCatalog ? `${system.label}: ${countParts(elevation)}` : system.label;
    return { slug, label, count: 1, uEach: 0, kwEach: kwTotal, kwTotal, weightKgTotal: system.weightKg, rackScale: true, liquidOnly: true, typeId: null, parts };
  }
  const type = db.prepare('SELECT id, vendor, model, u_height AS u, max_power_w AS w, airflow FROM device_types WHERE slug = ?').get(slug) as
    | { id: number; vendor: string; model: string; u: number; w: number; airflow: string }
    | undefined;
  if (!type) throw new FloorwalkError('not_found', `No device type "${slug}" (see floorwalk types, or gb200-nvl72 for a rack-scale system).`, { field: 'type' });
  if (type.u === 0) throw new FloorwalkError('invalid_input', `${type.model} is zero-U: it takes no rack space to place.`, { field: 'type' });
  return {
    slug,
    label: `${count} × ${type.vendor} ${type.model}`,
    count,
    uEach: type.u,
    kwEach: type.w / 1000,
    kwTotal: (type.w / 1000) * count,
    weightKgTotal: deviceWeightKg(slug, type.u) * count,
    rackScale: false,
    liquidOnly: type.airflow === 'liquid',
    typeId: type.id,
    parts: [],
  };
}

function countParts(parts: ReadonlyArray<{ kind: Nvl72PartKind }>): string {
  const n = (kind: Nvl72PartKind): number => parts.filter((p) => p.kind === kind).length;
  return `${n('c')} compute trays, ${n('s')} NVLink switch trays, ${n('ps')} power shelves`;
}

/** Where the heat of the new load goes in this rack: liquid-only parts need a loop; air parts in a DLC rack go to the room air. */
function heatShares(profile: PlacementProfile, rackCooling: string, hasLoop: boolean): { loop: number; air: number } | string {
  if (profile.liquidOnly) {
    if (rackCooling !== 'dlc' && rackCooling !== 'immersion') return `needs direct liquid cooling; the rack is ${rackCooling}`;
    if (!hasLoop) return 'needs a cooling loop with a CDU; the rack has none';
    const share = profile.rackScale ? (RACK_SCALE_SYSTEMS.find((s) => s.slug === profile.slug)?.liquidShare ?? DLC_LIQUID_SHARE) : DLC_LIQUID_SHARE;
    return { loop: share, air: 1 - share };
  }
  if ((rackCooling === 'rdhx' || rackCooling === 'immersion') && hasLoop) return { loop: 1, air: 0 };
  return { loop: 0, air: 1 };
}

/**
 * Where a set of devices (or one rack-scale system) can go in a room: each rack is checked for U (the
 * devices fitted bottom-up into free runs), both feeds, power (its budget, and every element on both
 * feeds carrying the addition alone when the other side is lost), cooling (its loop and the room air)
 * and weight. Places that pass are ranked by the smallest margin left after the placement, largest first;
 * every place that fails says why.
 */
export function placement(db: Db, input: { roomId: number; type: string; count: number }): PlacementResult {
  const profile = profileOf(db, input.type, input.count);
  return placementIn(roomCapacity(db, input.roomId), profile);
}

export function placementIn(capacity: RoomCapacity, profile: PlacementProfile): PlacementResult {
  const { report, power, pools } = capacity;
  const roomId = report.roomId;
  const rackInfo = power.site.rackById;
  // Weight per rack: every device in it (stock and missing ones too: they are bolted in or must be).
  const weights = new Map<number, number>();
  const { devices, types } = power.site;
  const typeWeight = new Map<number, number>();
  for (let i = 0; i < devices.count; i++) {
    const rackId = devices.rackId[i] as number;
    if (!rackInfo.has(rackId) || rackInfo.get(rackId)?.roomId !== roomId) continue;
    const typeId = devices.typeId[i] as number;
    let kg = typeWeight.get(typeId);
    if (kg === undefined) {
      const type = types.get(typeId);
      typeWeight.set(typeId, (kg = type ? deviceWeightKg(type.slug, type.uHeight) : 0));
    }
    weights.set(rackId, (weights.get(rackId) ?? 0) + kg);
  }
  const pathsByRack = new Map(power.analysis.racks.map((r) => [r.rackId, r]));
  const poolLeft = (key: string): number => {
    const pool = pools.get(key);
    return pool ? pool.capacityKw - pool.loadKw : 0;
  };

  const candidates: PlacementCandidate[] = [];
  const rejected: PlacementRejection[] = [];
  for (const rack of report.racks) {
    const info = rackInfo.get(rack.rackId);
    const reasons: string[] = [];
    const add = profile.kwTotal;
    // Space.
    let positions: number[] = [];
    if (profile.rackScale) {
      const mounted = capacity.space.get(rack.rackId)?.mounted ?? 0;
      if (mounted > 0) reasons.push(`space: a rack-scale system needs an empty position; ${mounted} device(s) are mounted`);
      else positions = profile.parts.map((p) => p.u);
    } else {
      const fit = fitDevices(rack.freeSpans, profile.uEach, profile.count);
      if (fit === null) reasons.push(`space: needs ${profile.count} × ${profile.uEach}U; free ${describeSpans(rack)}`);
      else positions = fit;
    }
    // Feeds.
    const missing = (['A', 'B'] as const).filter((s) => rack.feeds[s] === undefined);
    if (missing.length > 0) reasons.push(`feeds: no ${missing.join(' or ')} feed — the load would not survive the loss of a side`);
    // Power: budget, then the tightest element upstream.
    if (add > rack.budgetHeadroomKw + 1e-9) reasons.push(`power budget: ${kw(Math.max(0, rack.budgetHeadroomKw))} left of ${kw(rack.budgetKw)} (${rack.loadSource}), needs ${kw(add)}`);
    const paths = pathsByRack.get(rack.rackId);
    if (paths) {
      const tight = tightestElement(power.analysis, paths);
      if (tight && add > tight.headroomKw + 1e-9) {
        reasons.push(`power upstream: ${tight.name} has ${kw(Math.max(0, tight.headroomKw))} left of ${kw(tight.ratingKw)} with the other side lost, needs ${kw(add)}`);
      }
    }
    // Cooling.
    const shares = info ? heatShares(profile, info.cooling, info.loopId !== null && pools.has(`loop:${info.loopId}`)) : 'rack not found';
    let coolingAfter = rack.coolingHeadroomKw;
    if (typeof shares === 'string') reasons.push(`cooling: ${shares}`);
    else {
      const loopKey = `loop:${info?.loopId ?? 0}`;
      const loopNeed = add * shares.loop;
      const airNeed = add * shares.air;
      if (loopNeed > 0 && loopNeed > poolLeft(loopKey) + 1e-9) reasons.push(`cooling: loop ${pools.get(loopKey)?.label ?? ''} has ${kw(Math.max(0, poolLeft(loopKey)))} left, needs ${kw(loopNeed)}`);
      if (airNeed > 0 && airNeed > poolLeft('air') + 1e-9) reasons.push(`cooling: room air (CRAHs, N+1) has ${kw(Math.max(0, poolLeft('air')))} left, needs ${kw(airNeed)}`);
      const used: Array<[string, number]> = [
        [loopKey, shares.loop],
        ['air', shares.air],
      ];
      coolingAfter = Math.min(...used.filter(([, share]) => share > 0).map(([key, share]) => (poolLeft(key) - add * share) / share));
    }
    // Weight.
    const maxWeightKg = info?.maxWeightKg ?? DEFAULT_RACK_MAX_WEIGHT_KG;
    const weightNow = profile.rackScale ? 0 : (weights.get(rack.rackId) ?? 0);
    if (weightNow + profile.weightKgTotal > maxWeightKg) {
      reasons.push(`weight: ${Math.round(weightNow)} kg + ${Math.round(profile.weightKgTotal)} kg exceeds the rack's ${Math.round(maxWeightKg)} kg`);
    }

    if (reasons.length > 0) {
      rejected.push({ rackId: rack.rackId, rack: rack.rack, row: rack.row, reasons });
      continue;
    }
    const before = effectOf(rack, weightNow, maxWeightKg, rack.coolingHeadroomKw);
    const after: PlacementEffect = {
      loadKw: rack.loadKw + add,
      powerHeadroomKw: rack.powerHeadroomKw - add,
      coolingHeadroomKw: coolingAfter,
      headroomOnALossKw: rack.headroomOnALossKw === null ? null : rack.headroomOnALossKw - add,
      headroomOnBLossKw: rack.headroomOnBLossKw === null ? null : rack.headroomOnBLossKw - add,
      weightKg: weightNow + profile.weightKgTotal,
      maxWeightKg,
    };
    const margins = [after.powerHeadroomKw, after.coolingHeadroomKw, after.headroomOnALossKw ?? Infinity, after.headroomOnBLossKw ?? Infinity];
    candidates.push({ rackId: rack.rackId, rack: rack.rack, row: rack.row, positions, before, after, marginKw: Math.min(...margins) });
  }
  candidates.sort((x, y) => y.marginKw - x.marginKw || naturalCompare(x.rack, y.rack));
  return { roomId, room: report.room, profile, candidates, rejected };
}

function effectOf(rack: RackCapacity, weightKg: number, maxWeightKg: number, cooling: number): PlacementEffect {
  return {
    loadKw: rack.loadKw,
    powerHeadroomKw: rack.powerHeadroomKw,
    coolingHeadroomKw: cooling,
    headroomOnALossKw: rack.headroomOnALossKw,
    headroomOnBLossKw: rack.headroomOnBLossKw,
    weightKg,
    maxWeightKg,
  };
}

function describeSpans(rack: RackCapacity): string {
  if (rack.freeSpans.length === 0) return 'none';
  return rack.freeSpans
    .slice(0, 4)
    .map((s) => (s.from === s.to ? `U${s.from}` : `U${s.from}–U${s.to}`))
    .join(', ')
    .concat(rack.freeSpans.length > 4 ? ', …' : '');
}

function tightestElement(analysis: RoomCapacity['power']['analysis'], rack: FedRack): { name: string; headroomKw: number; ratingKw: number } | null {
  let best: number | null = null;
  let least = Infinity;
  for (const id of rack.elements) {
    const headroomKw = analysis.margin(id);
    if (best === null || headroomKw < least) {
      best = id;
      least = headroomKw;
    }
  }
  return best === null ? null : { name: analysis.chain.elements.get(best)?.name ?? String(best), headroomKw: least, ratingKw: analysis.rating(best) };
}
