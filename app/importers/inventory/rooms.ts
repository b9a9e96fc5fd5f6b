import { FloorwalkError } from '../../core/errors';
import { ASHRAE_CLASSES, type AshraeClass } from '../../inventory/types';
import type { NewRow } from '../../inventory/writes/entity';
import { roomOps } from '../../inventory/writes/rooms';
import { loadRow, type RoomRow } from '../../inventory/writes/tables';
import { Cells, type ColumnSpec } from './columns';
import { FileClaims, indexKey, PlaceIndex } from './lookup';
import { simplePlan, type Checked, type KindImporter } from './plan';

/**
 * Rooms: Floorwalk's columns and NetBox's Locations (site, name; slug, parent, status… are listed as not
 * read). Upsert key: site + name; on an update an empty cell keeps the current value. NetBox has no floor
 * size, so a new room without one gets ROOM_DEFAULTS, large enough for the racks of a hall to be placed.
 */
export const ROOM_COLUMNS: readonly ColumnSpec[] = [
  { field: 'site', names: ['site'], identifier: 'Site' },
  { field: 'name', names: ['name', 'room', 'location'], identifier: 'Room name' },
  { field: 'widthTiles', names: ['width_tiles'] },
  { field: 'depthTiles', names: ['depth_tiles'] },
  { field: 'tileMm', names: ['tile_mm'] },
  { field: 'ashraeClass', names: ['ashrae_class'] },
];

export const ROOM_EXPORT_HEADER = ['site', 'name', 'width_tiles', 'depth_tiles', 'tile_mm', 'ashrae_class'] as const;

/** A new room the file gives no size: 100 × 60 tiles of 600 mm is a 60 m × 36 m hall. */
export const ROOM_DEFAULTS = { widthTiles: 100, depthTiles: 60, tileMm: 600, ashraeClass: 'A1' } as const;
const MAX_ROOM_TILES = 2000;

const FIELD_OF_RULE: Record<string, string> = { name: 'name', widthTiles: 'widthTiles', depthTiles: 'depthTiles', siteId: 'site' };

export const roomsImporter: KindImporter = {
  columns: ROOM_COLUMNS,

  missingColumns(map) {
    const missing = ['site', 'name'].filter((f) => !map.index.has(f));
    if (missing.length === 0) return null;
    return `The file needs the columns site and name to find each room; it lacks ${missing.join(', ')}.`;
  },

  plan(ctx, map, rows) {
    const { db, sink } = ctx;
    const places = new PlaceIndex(db);
    const claims = new FileClaims<number>();
    const checked: Array<Checked<'room'>> = [];
    for (const record of rows) {
      const cells = new Cells(map, record, sink);
      ctx.tick();
      const siteText = cells.text('site', 120);
      const name = cells.text('name', 60);
      const widthTiles = cells.int('widthTiles', 1, MAX_ROOM_TILES, 'room width in tiles');
      const depthTiles = cells.int('depthTiles', 1, MAX_ROOM_TILES, 'room depth in tiles');
      const tileMm = cells.int('tileMm', 300, 1200, 'tile size in mm');
      const ashraeClass = cells.choice<AshraeClass>('ashraeClass', ASHRAE_CLASSES, 'ASHRAE class');
      if (!name) cells.fail('name', 'A room row needs the room name.');
      const site = siteText ? places.site(siteText) : undefined;
      if (!siteText) cells.fail('site', 'A room row needs its site.');
      else if (!site) cells.fail('site', `There is no site "${siteText}" (by code or name); import the sites first.`);
      if (!cells.ok || !site || !name) continue;

      const earlier = claims.claim(indexKey(site.id, name), record.row);
      if (earlier !== undefined) {
        cells.fail('name', `Room ${name} of site ${site.code} is also on row ${earlier} of this file.`);
        continue;
      }
      const existing = places.room(site.id, name);
      const before: RoomRow | null = existing ? loadRow(db, 'room', existing.id) : null;
      const row: NewRow<'room'> = {
        siteId: site.id,
        name: before?.name ?? name,
        widthTiles: widthTiles ?? before?.widthTiles ?? ROOM_DEFAULTS.widthTiles,
        depthTiles: depthTiles ?? before?.depthTiles ?? ROOM_DEFAULTS.depthTiles,
        tileMm: tileMm ?? before?.tileMm ?? ROOM_DEFAULTS.tileMm,
        ashraeClass: ashraeClass ?? before?.ashraeClass ?? ROOM_DEFAULTS.ashraeClass,
      };
      // The same rules as a single edit: a room that shrinks keeps every rack and cooling unit on its floor.
      try {
        roomOps.validate(db, row, before?.id ?? null);
      } catch (error) {
        if (!(error instanceof FloorwalkError)) throw error;
        cells.fail(FIELD_OF_RULE[error.field ?? 'name'] ?? 'name', error.message);
        continue;
      }
      checked.push({ cells, before, row });
    }
    return simplePlan(db, 'room', checked);
  },
};
