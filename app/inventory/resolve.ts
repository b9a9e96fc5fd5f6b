import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';

export interface RoomRef {
  readonly id: number;
  readonly name: string;
  readonly siteCode: string;
}

/**
 * Turns what a technician types for a room into one room: an id ("12"), "SITE/ROOM" ("PHX1/DH2"), or a room
 * name that is unique across sites ("DH2" when only one site has a DH2). Ambiguity is an error that lists
 * the choices, never a guess.
 */
export function resolveRoom(db: Db, text: string): RoomRef {
  const query = text.trim();
  const rows = db
    .prepare(
      `SELECT rm.id, rm.name, s.code AS siteCode FROM rooms rm JOIN sites s ON s.id = rm.site_id
       WHERE (@id IS NOT NULL AND rm.id = @id)
          OR (@site IS NOT NULL AND s.code = @site AND rm.name = @room)
          OR (@site IS NULL AND rm.name = @room)
       ORDER BY s.code, rm.name`,
    )
    .all(parseRoomQuery(query)) as RoomRef[];
  if (rows.length === 1 && rows[0]) return rows[0];
  if (rows.length === 0) throw new FloorwalkError('not_found', `No room "${query}". Use SITE/ROOM (e.g. PHX1/DH1) or the room id.`, { field: 'room' });
  throw new FloorwalkError('invalid_input', `"${query}" names ${rows.length} rooms: ${rows.map((r) => `${r.siteCode}/${r.name}`).join(', ')}. Use SITE/ROOM.`, { field: 'room' });
}

function parseRoomQuery(query: string): { id: number | null; site: string | null; room: string } {
  if (/^\d+$/.test(query)) return { id: Number(query), site: null, room: '\u0000' };
  const slash = query.indexOf('/');
  if (slash > 0) return { id: null, site: query.slice(0, slash).trim(), room: query.slice(slash + 1).trim() };
  return { id: null, site: null, room: query };
}

export interface RackRef {
  readonly id: number;
  readonly name: string;
  readonly roomId: number;
}

/** A rack by id, asset tag (rack labels carry it), "SITE/ROOM/RACK", or a name unique in the inventory. */
export function resolveRack(db: Db, text: string): RackRef {
  const query = text.trim();
  const parts = query.split('/').map((p) => p.trim());
  let rows: RackRef[];
  if (/^\d+$/.test(query)) {
    rows = db.prepare('SELECT id, name, room_id AS roomId FROM racks WHERE id = ?').all(Number(query)) as RackRef[];
  } else if (parts.length === 3) {
    rows = db
      .prepare(
        `SELECT rk.id, rk.name, rk.room_id AS roomId FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id
         WHERE s.code = ? AND rm.name = ? AND rk.name = ?`,
      )
      .all(parts[0], parts[1], parts[2]) as RackRef[];
  } else {
    rows = db.prepare('SELECT id, name, room_id AS roomId FROM racks WHERE asset_tag = ?').all(query) as RackRef[];
    if (rows.length === 0) rows = db.prepare('SELECT id, name, room_id AS roomId FROM racks WHERE name = ? LIMIT 10').all(query) as RackRef[];
  }
  if (rows.length === 1 && rows[0]) return rows[0];
  if (rows.length === 0) throw new FloorwalkError('not_found', `No rack "${query}". Use its asset tag, SITE/ROOM/RACK or its id.`, { field: 'rack' });
  throw new FloorwalkError('invalid_input', `"${query}" names several racks; use SITE/ROOM/RACK or the asset tag.`, { field: 'rack' });
}
