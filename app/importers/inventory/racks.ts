import { FACINGS, RACK_COOLING, type Facing, type RackCooling } from '../../inventory/types';
import { describePart, identityTakenMessage, type FloorItem } from '../../inventory/rules';
import { deviceAboveProblem } from '../../inventory/writes/racks';
import { RACK_DEFAULTS } from '../../inventory/writes';
import type { NewRow } from '../../inventory/writes/entity';
import { insertRow, loadRow, type RackRow } from '../../inventory/writes/tables';
import { Cells, type ColumnSpec } from './columns';
import { FloorMap } from './floor';
import { FileClaims, IdentityLookup, indexKey, PlaceIndex, type RoomRef } from './lookup';
import { commitWrites, countWrites, planWrites, sameRow, type KindImporter, type PlannedWrite } from './plan';

/**
 * Racks: Floorwalk's columns and NetBox's (location → room, u_height, asset_tag). Upsert key: room + name;
 * on an update an empty cell keeps the current value.
 * A NetBox file has no floor position; a new rack without one is put on the first free tiles of its room
 * (north-west first) and can be moved on the floor map.
 */
export const RACK_COLUMNS: readonly ColumnSpec[] = [
  { field: 'site', names: ['site'], identifier: 'Site' },
  { field: 'room', names: ['room', 'location'], identifier: 'Room' },
  { field: 'row', names: ['row', 'rack_row'], identifier: 'Row name' },
  { field: 'name', names: ['name', 'rack'], identifier: 'Rack name' },
  { field: 'gridX', names: ['grid_x', 'x'] },
  { field: 'gridY', names: ['grid_y', 'y'] },
  { field: 'facing', names: ['facing'] },
  { field: 'widthTiles', names: ['width_tiles'] },
  { field: 'depthTiles', names: ['depth_tiles'] },
  { field: 'uHeight', names: ['u_height'] },
  { field: 'powerBudgetKw', names: ['power_budget_kw', 'power_kw'] },
  { field: 'cooling', names: ['cooling'] },
  { field: 'loop', names: ['loop', 'cooling_loop'], identifier: 'Loop name' },
  { field: 'assetTag', names: ['asset_tag'], identifier: 'Asset tag' },
];

export const RACK_EXPORT_HEADER = [
  'site',
  'room',
  'row',
  'name',
  'grid_x',
  'grid_y',
  'facing',
  'width_tiles',
  'depth_tiles',
  'u_height',
  'power_budget_kw',
  'cooling',
  'loop',
  'asset_tag',
] as const;

const FACING_WORDS: Record<string, Facing> = { north: 'N', east: 'E', south: 'S', west: 'W' };
const MAX_GRID_TILES = 1999;

interface Candidate {
  readonly cells: Cells;
  readonly before: RackRow | null;
  readonly room: RoomRef;
  row: NewRow<'rack'>;
  /** A row (of racks) the file names that does not exist yet; created at commit. */
  readonly newRowName: string | null;
  readonly autoPlace: boolean;
}

export const racksImporter: KindImporter = {
  columns: RACK_COLUMNS,

  missingColumns(map) {
    const missing = ['site', 'room', 'name'].filter((f) => !map.index.has(f));
    if (missing.length === 0) return null;
    return `The file needs the columns site, location (or room) and name to find each rack; it lacks ${missing.join(', ')}.`;
  },

  plan(ctx, map, rows) {
    const { db, sink } = ctx;
    const places = new PlaceIndex(db);
    const assetTags = new IdentityLookup(db, 'assetTag', rows.length);
    const keyClaims = new FileClaims<number>();
    const tagClaims = new FileClaims<number>();
    const candidates: Candidate[] = [];

    for (const record of rows) {
      const cells = new Cells(map, record, sink);
      ctx.tick();
      const siteText = cells.text('site', 120);
      const roomText = cells.text('room', 60);
      const name = cells.text('name', 60);
      const gridX = cells.int('gridX', 0, MAX_GRID_TILES, 'grid x (tiles)');
      const gridY = cells.int('gridY', 0, MAX_GRID_TILES, 'grid y (tiles)');
      const facing = cells.choice<Facing>('facing', FACINGS, 'facing', FACING_WORDS);
      const widthTiles = cells.int('widthTiles', 1, 4, 'width in tiles');
      const depthTiles = cells.int('depthTiles', 1, 4, 'depth in tiles');
      const uHeight = cells.int('uHeight', 1, 60, 'rack height in U');
      const powerBudgetKw = cells.num('powerBudgetKw', 0, 1000, 'power budget (kW)');
      const cooling = cells.choice<RackCooling>('cooling', RACK_COOLING, 'cooling type');
      const rowName = cells.text('row', 60);
      const loopName = cells.text('loop', 60);
      const assetTag = cells.text('assetTag', 100);

      if (!name) cells.fail('name', 'A rack row needs the rack name.');
      const site = siteText ? places.site(siteText) : undefined;
      if (!siteText) cells.fail('site', 'A rack row needs its site.');
      else if (!site) cells.fail('site', `There is no site "${siteText}" (by code or name).`);
      let room: RoomRef | undefined;
      if (site) {
        if (!roomText) cells.fail('room', 'Floorwalk keeps every rack in a room: fill in the location (the room name).');
        else {
          room = places.room(site.id, roomText);
          if (!room) cells.fail('room', `Site ${site.code} has no room "${roomText}".`);
        }
      }
      if (!cells.ok || !room || !name) continue;

      const existing = places.rack(room.id, name);
      if (existing) {
        const earlier = keyClaims.claim(String(existing.id), record.row);
        if (earlier !== undefined) {
          cells.fail('name', `Row ${earlier} of this file already updates rack ${name} of ${room.name}.`);
          continue;
        }
      } else {
        const earlier = keyClaims.claim(indexKey(room.id, name), record.row);
        if (earlier !== undefined) {
          cells.fail('name', `Row ${earlier} of this file already creates rack ${name} in ${room.name}.`);
          continue;
        }
      }
      const before = existing ? loadRow(db, 'rack', existing.id) : null;

      if ((gridX === undefined || gridX === null) !== (gridY === undefined || gridY === null)) {
        cells.fail(gridX === undefined || gridX === null ? 'gridX' : 'gridY', 'Give both grid_x and grid_y, or neither (a new rack then takes the first free tiles).');
        continue;
      }
      // An existing rack keeps its row and loop when the file leaves them empty.
      let rowId: number | null = before?.rowId ?? null;
      let newRowName: string | null = null;
      if (rowName) {
        rowId = places.row(room.id, rowName) ?? null;
        if (rowId === null) newRowName = rowName;
      }
      let loopId: number | null = before?.loopId ?? null;
      if (loopName) {
        loopId = places.loop(room.id, loopName) ?? null;
        if (loopId === null) {
          cells.fail('loop', `Room ${room.name} has no cooling loop "${loopName}".`);
          continue;
        }
      }
      // The key is room + name, so an existing rack stays in its room; only a new one may be placed for it.
      const autoPlace = (gridX === undefined || gridX === null) && before === null;
      const row: NewRow<'rack'> = {
        roomId: room.id,
        rowId,
        name,
        gridX: gridX ?? before?.gridX ?? 0,
        gridY: gridY ?? before?.gridY ?? 0,
        facing: facing ?? before?.facing ?? RACK_DEFAULTS.facing,
        widthTiles: widthTiles ?? before?.widthTiles ?? RACK_DEFAULTS.widthTiles,
        depthTiles: depthTiles ?? before?.depthTiles ?? RACK_DEFAULTS.depthTiles,
        uHeight: uHeight ?? before?.uHeight ?? RACK_DEFAULTS.uHeight,
        powerBudgetKw: powerBudgetKw ?? before?.powerBudgetKw ?? RACK_DEFAULTS.powerBudgetKw,
        cooling: cooling ?? before?.cooling ?? RACK_DEFAULTS.cooling,
        loopId,
        assetTag: assetTag ?? before?.assetTag ?? null,
      };
      if (before && row.uHeight < before.uHeight) {
        const tooTall = deviceAboveProblem(db, before.id, name, row.uHeight);
        if (tooTall) cells.fail('uHeight', tooTall);
      }
      if (row.assetTag !== null) {
        const tag = row.assetTag;
        const other = assetTags.holders(tag).find((h) => !(before && h.entity === 'rack' && h.id === before.id));
        if (other) cells.fail('assetTag', () => identityTakenMessage('assetTag', tag, describePart(db, other)));
        else {
          const earlier = tagClaims.claim(tag, record.row);
          if (earlier !== undefined) cells.fail('assetTag', `Asset tag ${tag} is also on row ${earlier} of this file.`);
        }
      }
      if (!cells.ok) continue;
      candidates.push({ cells, before, room, row, newRowName, autoPlace });
    }

    // The floor as it will be: racks of the file at their places, the others where they stand.
    const rewritten = new Set(candidates.filter((c) => c.before).map((c) => (c.before as RackRow).id));
    const floors = new Map<number, FloorMap>();
    const floorOf = (room: RoomRef): FloorMap => {
      let floor = floors.get(room.id);
      if (!floor) floors.set(room.id, (floor = FloorMap.load(db, room, rewritten)));
      return floor;
    };
    const asItem = (c: Candidate): FloorItem => ({ ...c.row, name: c.row.name });
    const label = (c: Candidate): FloorItem => ({ ...c.row, name: `${c.row.name} (row ${c.cells.row} of this file)` });
    for (const c of candidates) {
      if (c.autoPlace) continue;
      const floor = floorOf(c.room);
      const problem = floor.problem(asItem(c));
      if (problem) c.cells.fail('gridX', problem);
      else floor.paint(label(c));
    }
    for (const c of candidates) {
      if (!c.autoPlace || !c.cells.ok) continue;
      const floor = floorOf(c.room);
      const spot = floor.freeSpot(c.row);
      if (!spot) {
        c.cells.fail('gridX', `Room ${c.room.name} has no free floor left for rack ${c.row.name}; give it grid_x and grid_y, or make room.`);
        continue;
      }
      c.row = { ...c.row, ...spot };
      floor.paint(label(c));
    }

    // A rack joining a row the file names for the first time is written even if nothing else changes.
    const { writes, unchanged } = planWrites('rack', candidates);
    const joining = candidates.filter((c) => c.cells.ok && c.before && c.newRowName !== null && sameRow(c.before, c.row));
    for (const c of joining) writes.push({ entity: 'rack', before: c.before, row: c.row, move: true, fileRow: c.cells.row });
    const newRows = new Map<string, { roomId: number; name: string; racks: Array<PlannedWrite<'rack'>> }>();
    const byRow = new Map(candidates.map((c) => [c.row, c]));
    for (const [i, write] of writes.entries()) {
      const c = byRow.get(write.row);
      if (!c || c.newRowName === null) continue;
      writes[i] = { ...write, pending: { rowId: c.newRowName } };
      const k = indexKey(c.room.id, c.newRowName);
      const pending = newRows.get(k) ?? { roomId: c.room.id, name: c.newRowName, racks: [] };
      pending.racks.push(writes[i]);
      newRows.set(k, pending);
    }
    return {
      ...countWrites(writes, unchanged - joining.length),
      writes,
      commit(recorder, tick) {
        // Rows the file names for the first time are created first (and logged, so undo removes them).
        for (const pending of newRows.values()) {
          const row = { roomId: pending.roomId, name: pending.name };
          const id = insertRow(db, 'rack_row', row);
          recorder.log('rack_row', id, 'create', null, { id, ...row });
          for (const write of pending.racks) write.row = { ...write.row, rowId: id };
        }
        commitWrites(db, recorder, writes, tick);
      },
    };
  },
};

