import type { Db } from '../db/open';
import type { SearchHit, SearchKind } from './types';

export const SEARCH_LIMIT_DEFAULT = 20;
/** Upper bound for a prefix range: every NOCASE key that starts with q sorts below q + U+FFFF. */
const PREFIX_END = '\uffff';

interface SourceRow {
  id: number;
  matched: string;
  site_id: number | null;
  site: string | null;
  room_id: number | null;
  room: string | null;
  rack_id: number | null;
  rack: string | null;
  device_id: number | null;
  u: number | null;
  slot: number | null;
  what: string;
}

interface Source {
  readonly kind: SearchKind;
  readonly field: string;
  readonly sql: string;
}

const DEVICE_PATH = `s.id AS site_id, s.code AS site, rm.id AS room_id, rm.name AS room, rk.id AS rack_id, rk.name AS rack`;
const DEVICE_JOINS = `LEFT JOIN racks rk ON rk.id = d.rack_id LEFT JOIN rooms rm ON rm.id = rk.room_id LEFT JOIN sites s ON s.id = rm.site_id`;

function acceleratorSource(column: 'serial' | 'uuid' | 'board_serial'): Source {
  return {
    kind: 'accelerator',
    field: column,
    sql: `SELECT a.id, a.${column} AS matched, ${DEVICE_PATH}, d.id AS device_id, d.u_position AS u, a.slot AS slot,
            a.model || ' in ' || coalesce(d.hostname, d.serial, 'device ' || d.id) AS what
          FROM accelerators a JOIN devices d ON d.id = a.device_id ${DEVICE_JOINS}
          WHERE a.${column} >= @lo AND a.${column} < @hi ORDER BY a.${column} LIMIT @limit`,
  };
}

function deviceSource(column: 'serial' | 'asset_tag' | 'hostname'): Source {
  return {
    kind: 'device',
    field: column,
    sql: `SELECT d.id, d.${column} AS matched, ${DEVICE_PATH}, d.id AS device_id, d.u_position AS u, NULL AS slot,
            t.vendor || ' ' || t.model AS what
          FROM devices d JOIN device_types t ON t.id = d.type_id ${DEVICE_JOINS}
          WHERE d.${column} >= @lo AND d.${column} < @hi ORDER BY d.${column} LIMIT @limit`,
  };
}

function rackSource(column: 'name' | 'asset_tag'): Source {
  return {
    kind: 'rack',
    field: column,
    sql: `SELECT rk.id, rk.${column} AS matched, s.id AS site_id, s.code AS site, rm.id AS room_id, rm.name AS room,
            rk.id AS rack_id, rk.name AS rack, NULL AS device_id, NULL AS u, NULL AS slot,
            'rack, ' || rk.u_height || 'U, ' || rk.cooling AS what
          FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id
          WHERE rk.${column} >= @lo AND rk.${column} < @hi ORDER BY rk.${column} LIMIT @limit`,
  };
}

/**
 * A part that left its slot (an RMA swap) stays findable by its serial: the hit names where it was and the
 * case it left on, and opens the slot it sat in.
 */
const REMOVED_PART: Source = {
  kind: 'accelerator',
  field: 'removed_serial',
  sql: `SELECT coalesce(a.id, -h.id) AS id, h.serial AS matched, ${DEVICE_PATH}, d.id AS device_id, d.u_position AS u, h.slot AS slot,
          'removed from ' || coalesce(d.hostname, d.serial, 'device ' || d.id) || ' GPU ' || h.slot
            || coalesce(' on RMA case ' || h.removed_case_id, '') || ' (' || substr(h.removed_at, 1, 10) || ')' AS what
        FROM slot_history h JOIN devices d ON d.id = h.device_id LEFT JOIN accelerators a ON a.device_id = h.device_id AND a.slot = h.slot ${DEVICE_JOINS}
        WHERE h.serial >= @lo AND h.serial < @hi AND h.removed_at IS NOT NULL ORDER BY h.serial LIMIT @limit`,
};

const SOURCES: readonly Source[] = [
  acceleratorSource('serial'),
  acceleratorSource('uuid'),
  // GB200: the two GPUs of a board share its serial.
  acceleratorSource('board_serial'),
  REMOVED_PART,
  deviceSource('serial'),
  deviceSource('asset_tag'),
  deviceSource('hostname'),
  rackSource('name'),
  rackSource('asset_tag'),
  {
    kind: 'site',
    field: 'code',
    sql: `SELECT s.id, s.code AS matched, s.id AS site_id, s.code AS site, NULL AS room_id, NULL AS room, NULL AS rack_id,
            NULL AS rack, NULL AS device_id, NULL AS u, NULL AS slot, s.name AS what
          FROM sites s WHERE s.code >= @lo AND s.code < @hi ORDER BY s.code LIMIT @limit`,
  },
  {
    kind: 'cooling_unit',
    field: 'name',
    sql: `SELECT c.id, c.name AS matched, s.id AS site_id, s.code AS site, rm.id AS room_id, rm.name AS room, NULL AS rack_id,
            NULL AS rack, NULL AS device_id, NULL AS u, NULL AS slot, c.kind || ', ' || c.capacity_kw || ' kW' AS what
          FROM cooling_units c JOIN rooms rm ON rm.id = c.room_id JOIN sites s ON s.id = rm.site_id
          WHERE c.name >= @lo AND c.name < @hi ORDER BY c.name LIMIT @limit`,
  },
];

const KIND_ORDER: Record<SearchKind, number> = {
  accelerator: 0,
  device: 1,
  rack: 2,
  cooling_unit: 3,
  sensor: 4,
  room: 5,
  site: 6,
};

export function pathOf(row: Pick<SourceRow, 'site' | 'room' | 'rack' | 'u' | 'slot'>): string {
  const parts: string[] = [];
  if (row.site !== null) parts.push(row.site);
  if (row.room !== null) parts.push(row.room);
  if (row.rack !== null) parts.push(row.rack);
  if (row.u !== null) parts.push(`U${row.u}`);
  if (row.slot !== null) parts.push(`slot ${row.slot}`);
  return parts.length > 0 ? parts.join(' / ') : 'not racked';
}

/** Prepared once per connection: search runs on every keystroke in the UI. */
const statementCache = new WeakMap<Db, Array<{ source: Source; statement: ReturnType<Db['prepare']> }>>();

function statementsFor(db: Db): Array<{ source: Source; statement: ReturnType<Db['prepare']> }> {
  let statements = statementCache.get(db);
  if (!statements) {
    statements = SOURCES.map((source) => ({ source, statement: db.prepare(source.sql) }));
    statementCache.set(db, statements);
  }
  return statements;
}

/**
 * Exact and prefix matches on serials, asset tags, GPU UUIDs, hostnames, rack names and site codes. Every
 * source is an index range scan on a NOCASE column (see the EXPLAIN QUERY PLAN test), so the cost does not
 * grow with the inventory. A UUID typed without its `GPU-` prefix is found too.
 */
export function search(db: Db, rawQuery: string, limit = SEARCH_LIMIT_DEFAULT): SearchHit[] {
  const query = rawQuery.trim();
  if (query.length === 0) return [];
  const probes = [query];
  if (/^[0-9a-f]{8}-?[0-9a-f]*/i.test(query) && !/^gpu-/i.test(query)) probes.push(`GPU-${query}`);

  const seen = new Set<string>();
  const hits: SearchHit[] = [];
  for (const probe of probes) {
    for (const { source, statement } of statementsFor(db)) {
      const rows = statement.all({ lo: probe, hi: probe + PREFIX_END, limit }) as SourceRow[];
      for (const row of rows) {
        // A removed part's hit opens the slot whose current GPU may be a hit of its own.
        const key = `${source.kind}:${source === REMOVED_PART ? 'removed:' : ''}${row.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        hits.push({
          kind: source.kind,
          id: row.id,
          label: `${row.matched} — ${row.what}`,
          field: source.field,
          exact: row.matched.toLowerCase() === probe.toLowerCase(),
          path: pathOf(row),
          siteId: row.site_id,
          roomId: row.room_id,
          rackId: row.rack_id,
          deviceId: row.device_id,
        });
      }
    }
  }
  hits.sort((a, b) => Number(b.exact) - Number(a.exact) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.label.localeCompare(b.label));
  return hits.slice(0, limit);
}

export const SEARCH_SOURCES_FOR_TEST = SOURCES;
