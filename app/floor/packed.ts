import { FACINGS, RACK_COOLING } from '../inventory/types';
import { RACK_HEALTHS, type FloorData, type FloorRack, type PackedFloorData, type PackedRacks } from './types';

/**
 * FloorData ⇄ PackedFloorData (racks column by column, see PackedRacks). Pure, so the core packs what the
 * map requests and the renderer unpacks it; unpack(pack(data)) equals data.
 */

/** A column of optional values, or null when every value is null. */
function optionalColumn(racks: readonly FloorRack[], pick: (rack: FloorRack) => number | null): Array<number | null> | null {
  return racks.some((r) => pick(r) !== null) ? racks.map(pick) : null;
}

export function packFloorData(data: FloorData): PackedFloorData {
  const { racks } = data;
  const column = <T>(pick: (rack: FloorRack) => T): T[] => racks.map(pick);
  const rowNames: string[] = [];
  const rowIndex = new Map<string, number>();
  const rowOf = (name: string | null): number => {
    if (name === null) return -1;
    let index = rowIndex.get(name);
    if (index === undefined) {
      index = rowNames.push(name) - 1;
      rowIndex.set(name, index);
    }
    return index;
  };
  const packed: PackedRacks = {
    id: column((r) => r.id),
    name: column((r) => r.name),
    rowId: column((r) => r.rowId),
    row: column((r) => rowOf(r.row)),
    rowNames,
    gridX: column((r) => r.gridX),
    gridY: column((r) => r.gridY),
    facing: column((r) => FACINGS.indexOf(r.facing)),
    widthTiles: column((r) => r.widthTiles),
    depthTiles: column((r) => r.depthTiles),
    uHeight: column((r) => r.uHeight),
    cooling: column((r) => RACK_COOLING.indexOf(r.cooling)),
    devices: column((r) => r.devices),
    accelerators: column((r) => r.accelerators),
    acceleratorsNotOk: column((r) => r.acceleratorsNotOk),
    powerMaxKw: column((r) => r.powerMaxKw),
    powerBudgetKw: column((r) => r.powerBudgetKw),
    health: column((r) => RACK_HEALTHS.indexOf(r.health)),
    auditProgress: optionalColumn(racks, (r) => r.auditProgress),
    inletC: optionalColumn(racks, (r) => r.inletC),
    hottestGpuC: optionalColumn(racks, (r) => r.hottestGpuC),
  };
  return { room: data.room, rows: data.rows, aisles: data.aisles, racks: packed, coolingUnits: data.coolingUnits, sensors: data.sensors, available: data.available };
}

export function unpackFloorData(data: PackedFloorData): FloorData {
  const p = data.racks;
  const racks: FloorRack[] = new Array<FloorRack>(p.id.length);
  for (let i = 0; i < racks.length; i++) {
    racks[i] = {
      id: p.id[i] ?? 0,
      name: p.name[i] ?? '',
      rowId: p.rowId[i] ?? null,
      row: p.rowNames[p.row[i] ?? -1] ?? null,
      gridX: p.gridX[i] ?? 0,
      gridY: p.gridY[i] ?? 0,
      facing: FACINGS[p.facing[i] ?? 0] ?? 'N',
      widthTiles: p.widthTiles[i] ?? 1,
      depthTiles: p.depthTiles[i] ?? 1,
      uHeight: p.uHeight[i] ?? 0,
      cooling: RACK_COOLING[p.cooling[i] ?? 0] ?? 'air',
      devices: p.devices[i] ?? 0,
      accelerators: p.accelerators[i] ?? 0,
      acceleratorsNotOk: p.acceleratorsNotOk[i] ?? 0,
      powerMaxKw: p.powerMaxKw[i] ?? 0,
      powerBudgetKw: p.powerBudgetKw[i] ?? 0,
      health: RACK_HEALTHS[p.health[i] ?? 0] ?? 'ok',
      auditProgress: p.auditProgress?.[i] ?? null,
      inletC: p.inletC?.[i] ?? null,
      hottestGpuC: p.hottestGpuC?.[i] ?? null,
    };
  }
  return { room: data.room, rows: data.rows, aisles: data.aisles, racks, coolingUnits: data.coolingUnits, sensors: data.sensors, available: data.available };
}
