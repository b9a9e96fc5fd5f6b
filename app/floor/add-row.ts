import { randomUUID } from 'node:crypto';
import { FloorwalkError } from '../core/errors';
import { logChange } from '../inventory/change-log';
import { insertRow, loadRow } from '../inventory/writes/tables';
import type { Facing, RackCooling } from '../inventory/types';
import { floorItems, floorRoom } from './data';
import { groupPlacementProblem, OccupancyIndex, planRackRow, rowDirectionProblem } from './geometry';
import type { WriteContext } from './move';
import type { AddRowResult, RackPosition } from './types';

export interface AddRowInput {
  readonly roomId: number;
  /** The row the racks join; created when the room has no row of that name. */
  readonly row: string;
  readonly gridX: number;
  readonly gridY: number;
  readonly direction: Facing;
  readonly count: number;
  readonly facing: Facing;
  /** Rack names are the prefix plus a running number: "R41-" → R41-01, R41-02, … */
  readonly namePrefix: string;
  readonly firstNumber: number;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly uHeight: number;
  readonly powerBudgetKw: number;
  readonly cooling: RackCooling;
  readonly reason?: string | undefined;
}

/**
 * Adds a row of racks in one gesture, all or nothing: the same bounds and collision rules as a move
 * (against every rack and cooling unit, and among the new racks), names that are free in the room, one
 * 'create' entry per rack (and one for a new row) sharing a change set.
 */
export function addRackRow(ctx: WriteContext, input: AddRowInput): AddRowResult {
  const { db } = ctx;
  const directionProblem = rowDirectionProblem(input);
  if (directionProblem) throw new FloorwalkError('invalid_input', directionProblem, { field: 'direction' });
  const planned = planRackRow(input);

  const run = db.transaction((): AddRowResult => {
    const room = floorRoom(db, input.roomId);
    const taken = db
      .prepare(`SELECT name FROM racks WHERE room_id = ? AND name IN (SELECT value FROM json_each(?)) ORDER BY name`)
      .pluck()
      .all(input.roomId, JSON.stringify(planned.map((p) => p.name))) as string[];
    if (taken.length > 0) {
      const shown = taken.slice(0, 3).join(', ') + (taken.length > 3 ? ` and ${taken.length - 3} more` : '');
      throw new FloorwalkError('conflict', `Room ${room.name} already has rack${taken.length > 1 ? 's' : ''} named ${shown}; choose another name prefix or first number.`, {
        field: 'namePrefix',
      });
    }
    const candidates = planned.map((p, i) => ({ ...p, id: -1 - i }));
    const problem = groupPlacementProblem(candidates, room, new OccupancyIndex(floorItems(db, input.roomId)));
    if (problem) throw new FloorwalkError('rule_violation', problem, { field: 'gridX' });

    const changeSet = randomUUID();
    const at = new Date().toISOString();
    const log = (entity: 'rack' | 'rack_row', entityId: number): void => {
      logChange(db, { actor: ctx.actor, entity, entityId, action: 'create', before: null, after: loadRow(db, entity, entityId), reason: input.reason ?? null, changeSet, at });
    };

    const rowName = input.row.trim();
    const existing = db.prepare('SELECT id, name FROM rack_rows WHERE room_id = ? AND name = ?').get(input.roomId, rowName) as
      | { id: number; name: string }
      | undefined;
    let row: AddRowResult['row'];
    if (existing) row = { ...existing, created: false };
    else {
      const id = insertRow(db, 'rack_row', { roomId: input.roomId, name: rowName });
      row = { id, name: rowName, created: true };
      log('rack_row', id);
    }

    const racks: RackPosition[] = planned.map((p) => {
      const id = insertRow(db, 'rack', {
        roomId: input.roomId,
        rowId: row.id,
        name: p.name,
        gridX: p.gridX,
        gridY: p.gridY,
        facing: p.facing,
        widthTiles: p.widthTiles,
        depthTiles: p.depthTiles,
        uHeight: input.uHeight,
        powerBudgetKw: input.powerBudgetKw,
        cooling: input.cooling,
        loopId: null,
        assetTag: null,
      });
      log('rack', id);
      return { id, name: p.name, gridX: p.gridX, gridY: p.gridY, facing: p.facing };
    });
    return { changeSet, row, racks };
  });
  return run.immediate();
}
