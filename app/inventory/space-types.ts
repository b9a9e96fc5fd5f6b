import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import type { DeviceTypeInfo } from './detail-types';
import { deviceTypes } from './device';
import { findUClash, rackOccupants, uClashMessage, uFitProblem } from './rules';
import type { DeviceFace } from './types';

/** Rack cooling that carries a liquid-cooled part's heat away: a cold plate needs a loop at the rack. */
const LIQUID_RACK_COOLING: ReadonlySet<string> = new Set(['dlc', 'immersion']);
/** Device statuses that reserve no power in the rack (on a shelf, or gone), as in the power loads. */
const NOT_DRAWING_STATUSES = "('inventory','missing')";
const W_PER_KW = 1000;

export interface RefusedType {
  readonly typeId: number;
  readonly slug: string;
  readonly label: string;
  readonly reason: string;
}

/** What can go at one free U of a rack: the types that fit, and why each other one does not. */
export interface SpaceTypes {
  readonly rackId: number;
  readonly rack: string;
  readonly uPosition: number | null;
  readonly face: DeviceFace;
  /** Free Us on this face from uPosition upwards (0 without a U). */
  readonly freeSpanU: number;
  readonly cooling: string;
  readonly hasLoop: boolean;
  readonly powerBudgetKw: number;
  /** Nameplate of the devices that draw from the rack now (planned ones hold their reservation). */
  readonly nameplateKw: number;
  readonly fits: DeviceTypeInfo[];
  readonly refused: RefusedType[];
}

/** Why a part cooled this way cannot go in a rack cooled that way, or null. */
export function coolingProblem(type: Pick<DeviceTypeInfo, 'airflow' | 'vendor' | 'model'>, rack: { readonly name: string; readonly cooling: string; readonly hasLoop: boolean }): string | null {
  if (type.airflow !== 'liquid') return null;
  if (!LIQUID_RACK_COOLING.has(rack.cooling)) return `The ${type.vendor} ${type.model} is liquid-cooled; rack ${rack.name} is cooled by ${rack.cooling}, not direct liquid or immersion.`;
  if (!rack.hasLoop) return `The ${type.vendor} ${type.model} is liquid-cooled; rack ${rack.name} has no cooling loop.`;
  return null;
}

/**
 * The device types that fit a free U of a rack — the U span (the same rules as a write: rack height, the
 * devices in the way on that face or full depth), the rack's cooling (liquid-cooled parts only in a DLC or
 * immersion rack with a loop) and its power budget against the nameplate already there — and, for every
 * other type, the sentence why not. The add dialog offers only the first list.
 */
export function typesForSpace(db: Db, input: { readonly rackId: number; readonly uPosition: number | null; readonly face: DeviceFace }): SpaceTypes {
  const rack = db.prepare('SELECT id, name, u_height AS uHeight, cooling, loop_id AS loopId, power_budget_kw AS powerBudgetKw FROM racks WHERE id = ?').get(input.rackId) as
    | { id: number; name: string; uHeight: number; cooling: string; loopId: number | null; powerBudgetKw: number }
    | undefined;
  if (!rack) throw new FloorwalkError('not_found', `There is no rack with id ${input.rackId}; it may have been deleted.`, { field: 'rackId' });
  const occupants = rackOccupants(db, rack.id);
  const nameplateW = db
    .prepare(`SELECT coalesce(sum(t.max_power_w), 0) FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.rack_id = ? AND d.status NOT IN ${NOT_DRAWING_STATUSES}`)
    .pluck()
    .get(rack.id) as number;
  let freeSpanU = 0;
  if (input.uPosition !== null) {
    for (let u = input.uPosition; u <= rack.uHeight; u++) {
      if (findUClash({ id: null, uPosition: u, uHeight: 1, face: input.face, fullDepth: false }, occupants)) break;
      freeSpanU++;
    }
  }
  const place = { name: rack.name, cooling: rack.cooling, hasLoop: rack.loopId !== null };
  const fits: DeviceTypeInfo[] = [];
  const refused: RefusedType[] = [];
  for (const type of deviceTypes(db)) {
    const model = `${type.vendor} ${type.model}`;
    let reason = uFitProblem(type, type.uHeight === 0 ? null : input.uPosition, rack);
    if (reason === null && type.uHeight > 0) {
      if (input.uPosition === null) reason = `The ${type.uHeight}U ${model} needs a U position.`;
      else {
        const clash = findUClash({ id: null, uPosition: input.uPosition, uHeight: type.uHeight, face: input.face, fullDepth: type.fullDepth }, occupants);
        if (clash) reason = uClashMessage({ uPosition: input.uPosition, uHeight: type.uHeight, model }, rack.name, clash);
      }
    }
    reason ??= coolingProblem(type, place);
    if (reason === null && nameplateW + type.maxPowerW > rack.powerBudgetKw * W_PER_KW) {
      const after = (nameplateW + type.maxPowerW) / W_PER_KW;
      reason = `The ${model} (${(type.maxPowerW / W_PER_KW).toFixed(1)} kW) would bring rack ${rack.name} to ${after.toFixed(1)} kW of nameplate, over its ${rack.powerBudgetKw.toFixed(1)} kW budget.`;
    }
    if (reason === null) fits.push(type);
    else refused.push({ typeId: type.id, slug: type.slug, label: model, reason });
  }
  return {
    rackId: rack.id,
    rack: rack.name,
    uPosition: input.uPosition,
    face: input.face,
    freeSpanU,
    cooling: rack.cooling,
    hasLoop: place.hasLoop,
    powerBudgetKw: rack.powerBudgetKw,
    nameplateKw: nameplateW / W_PER_KW,
    fits,
    refused,
  };
}
