import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { logChange } from '../inventory/change-log';
import type { Facing } from '../inventory/types';
import { loadRow, type RackRow } from '../inventory/writes/tables';
import { floorItems, floorRoom } from './data';
import { footprint, groupPlacementProblem, OccupancyIndex, overlaps, type Candidate } from './geometry';
import { moveRackSensors } from './sensors';
import type { MoveResult, RackPosition } from './types';

export interface RackMove {
  readonly rackId: number;
  readonly gridX: number;
  readonly gridY: number;
  /** Turn the rack as well; unchanged when absent. */
  readonly facing?: Facing | undefined;
}

export interface WriteContext {
  readonly db: Db;
  readonly actor: string;
}

/**
 * The order in which to log the moves so that undo, which puts racks back one at a time from the newest
 * entry, never sets a rack down on one that has not gone back yet: a rack whose new place is another moved
 * rack's old place is logged after it. (A swap has no such order; its undo is then refused, with a reason.)
 */
export function undoSafeOrder(moves: ReadonlyArray<{ readonly from: Candidate; readonly to: Candidate }>): number[] {
  const blockers = moves.map(() => new Set<number>());
  const blocks = moves.map(() => [] as number[]);
  const oldPlaces = new OccupancyIndex(moves.map((m, i) => ({ ...m.from, id: i, kind: 'rack' as const })));
  moves.forEach((m, i) => {
    const target = footprint(m.to);
    for (const other of oldPlaces.itemsIn(target)) {
      if (other.id !== i && overlaps(target, footprint(other))) {
        blockers[i]?.add(other.id);
        blocks[other.id]?.push(i);
      }
    }
  });
  const order: number[] = [];
  const done = new Set<number>();
  const ready = moves.map((_, i) => i).filter((i) => blockers[i]?.size === 0);
  while (ready.length > 0) {
    const i = ready.shift() as number;
    order.push(i);
    done.add(i);
    for (const j of blocks[i] ?? []) {
      blockers[j]?.delete(i);
      if (blockers[j]?.size === 0 && !done.has(j) && !ready.includes(j)) ready.push(j);
    }
  }
  for (let i = 0; i < moves.length; i++) if (!done.has(i)) order.push(i);
  return order;
}

/**
 * Moves one rack or a selection of racks on the floor, all or nothing: every rack must stay inside the
 * room and clear of every other rack and cooling unit, the moved ones included among themselves. Sensors
 * fixed to a rack travel with it. Each rack that actually changes place gets one 'move' entry in the change
 * log (full rack rows before and after, as undo expects); the entries share a change set, so the whole
 * gesture reads, and undoes, as one.
 */
export function moveRacks(ctx: WriteContext, moves: readonly RackMove[], reason?: string): MoveResult {
  const { db } = ctx;
  const seen = new Set<number>();
  for (const move of moves) {
    if (seen.has(move.rackId)) throw new FloorwalkError('invalid_input', `Rack ${move.rackId} is listed twice in one move.`, { field: 'moves' });
    seen.add(move.rackId);
  }
  const updateRack = db.prepare('UPDATE racks SET grid_x = ?, grid_y = ?, facing = ? WHERE id = ?');

  const run = db.transaction((): MoveResult => {
    const before: RackRow[] = moves.map((move) => {
      const rack = loadRow(db, 'rack', move.rackId);
      if (!rack) throw new FloorwalkError('not_found', `Rack ${move.rackId} does not exist (it may have been deleted).`, { field: 'moves' });
      return rack;
    });
    const roomId = before[0]?.roomId;
    if (roomId === undefined) return { changeSet: null, moved: [] };
    const stray = before.find((r) => r.roomId !== roomId);
    if (stray) throw new FloorwalkError('invalid_input', `Racks of different rooms cannot be moved together (${stray.name} is in another room).`, { field: 'moves' });

    const candidates: Candidate[] = before.map((rack, i) => {
      const move = moves[i] as RackMove;
      return { ...rack, gridX: move.gridX, gridY: move.gridY, facing: move.facing ?? rack.facing };
    });
    const room = floorRoom(db, roomId);
    const problem = groupPlacementProblem(candidates, room, new OccupancyIndex(floorItems(db, roomId)));
    if (problem) throw new FloorwalkError('rule_violation', problem, { field: 'moves' });

    const changed = candidates
      .map((to, i) => ({ from: before[i] as RackRow, to }))
      .filter(({ from, to }) => from.gridX !== to.gridX || from.gridY !== to.gridY || from.facing !== to.facing);
    if (changed.length === 0) return { changeSet: null, moved: [] };

    const changeSet = randomUUID();
    const at = new Date().toISOString();
    for (const i of undoSafeOrder(changed)) {
      const { from, to } = changed[i] as { from: RackRow; to: Candidate };
      updateRack.run(to.gridX, to.gridY, to.facing, to.id);
      moveRackSensors(db, to.id, from, to);
      logChange(db, { actor: ctx.actor, entity: 'rack', entityId: to.id, action: 'move', before: from, after: loadRow(db, 'rack', to.id), reason: reason ?? null, changeSet, at });
    }
    const moved: RackPosition[] = changed.map(({ to }) => ({ id: to.id, name: to.name, gridX: to.gridX, gridY: to.gridY, facing: to.facing }));
    return { changeSet, moved };
  });
  return run.immediate();
}
