import type { Db } from '../db/open';
import { kwFromAmps } from '../power/rating';

/** Low-voltage distribution in the demo halls: 415 V three-phase (EU/APAC practice, also common in US AI halls). */
const LV_VOLTAGE_V = 415;
/** Standard busway ratings (A): the smallest that carries the row's nameplate alone is chosen. */
const BUSWAY_AMPS = [630, 800, 1000, 1250, 1600, 2000, 2500, 3200, 4000, 5000];
/** Standard rack-PDU inputs (A per phase) at 415 V: 32 A ≈ 23 kW, 63 A ≈ 45 kW, 125 A ≈ 90 kW. */
const RACK_PDU_AMPS = [16, 32, 63, 80, 100, 125, 160, 200];
/** Modular UPS frames grow in 250 kW modules; a hall's UPS is sized to its nameplate plus a design margin, not its budgets. */
const UPS_MODULE_KW = 250;
const UPS_DESIGN_MARGIN = 1.1;
/** The switchboard behind a UPS is one frame size up. */
const SWITCHBOARD_OVER_UPS = 1.25;
/** Medium-voltage intake per side: transformers in 2.5 MW steps. */
const UTILITY_STEP_KW = 2500;

interface RackRow {
  readonly id: number;
  readonly name: string;
  readonly roomId: number;
  readonly room: string;
  readonly rowName: string | null;
  readonly budgetKw: number;
  readonly nameplateKw: number;
}

const smallestCovering = (ampsList: readonly number[], kw: number): number => ampsList.find((a) => kwFromAmps(a, LV_VOLTAGE_V, 3) >= kw) ?? (ampsList[ampsList.length - 1] as number);

/**
 * Writes a 2N power chain for every site of the demo: utility A and B → per hall UPS A/B → switchboard
 * A/B → per row busway A/B → per rack PDU A/B (the rack's zero-U PDUs, linked so their kW telemetry is the
 * rack's load). Sized the way a designer sizes them: rack PDUs to the rack's budget, busways and UPSes to
 * the nameplate they carry, so sold budgets exceed what the UPS can carry on one side — the stranded power
 * technicians meet in real halls. Runs inside the demo's transaction.
 */
export function writeDemoPowerChain(db: Db): void {
  const racks = db
    .prepare(
      `SELECT r.id, r.name, r.room_id AS roomId, rm.name AS room, rr.name AS rowName, r.power_budget_kw AS budgetKw,
              coalesce((SELECT total(t.max_power_w) FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.rack_id = r.id), 0) / 1000.0 AS nameplateKw,
              rm.site_id AS siteId
       FROM racks r JOIN rooms rm ON rm.id = r.room_id LEFT JOIN rack_rows rr ON rr.id = r.row_id ORDER BY rm.site_id, rm.id, rr.name, r.name`,
    )
    .all() as Array<RackRow & { siteId: number }>;
  const pdus = new Map(
    (db.prepare("SELECT d.rack_id AS rackId, d.hostname, d.id FROM devices d WHERE d.role = 'pdu'").all() as Array<{ rackId: number; hostname: string | null; id: number }>).map(
      (p) => [`${p.rackId}:${(p.hostname ?? '').slice(-1).toUpperCase()}`, p.id],
    ),
  );
  const insert = db.prepare(
    'INSERT INTO power_elements (site_id, room_id, name, kind, parent_id, side, rating_kw, amps_per_phase, voltage_v, phases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 3)',
  );
  const add = (siteId: number, roomId: number | null, name: string, kind: string, parentId: number | null, side: string, ratingKw: number, amps: number | null, volts: number | null): number =>
    Number(insert.run(siteId, roomId, name, kind, parentId, side, ratingKw, amps, volts).lastInsertRowid);
  const feed = db.prepare('INSERT INTO power_feeds (rack_id, side, element_id, pdu_device_id) VALUES (?, ?, ?, ?)');

  const bySite = groupBy(racks, (r) => r.siteId);
  for (const [siteId, siteRacks] of bySite) {
    const siteNameplate = siteRacks.reduce((s, r) => s + r.nameplateKw, 0);
    const utilityKw = Math.ceil((siteNameplate * 1.3) / UTILITY_STEP_KW) * UTILITY_STEP_KW;
    const utility = { A: add(siteId, null, 'UTIL-A', 'utility', null, 'A', utilityKw, null, null), B: add(siteId, null, 'UTIL-B', 'utility', null, 'B', utilityKw, null, null) };
    for (const [, hallRacks] of groupBy(siteRacks, (r) => r.roomId)) {
      const first = hallRacks[0];
      if (!first) continue;
      const hallNameplate = hallRacks.reduce((s, r) => s + r.nameplateKw, 0);
      const upsKw = Math.max(UPS_MODULE_KW, Math.ceil((hallNameplate * UPS_DESIGN_MARGIN) / UPS_MODULE_KW) * UPS_MODULE_KW);
      const boardKw = Math.ceil((upsKw * SWITCHBOARD_OVER_UPS) / UPS_MODULE_KW) * UPS_MODULE_KW;
      for (const side of ['A', 'B'] as const) {
        const ups = add(siteId, first.roomId, `${first.room}-UPS-${side}`, 'ups', utility[side], side, upsKw, null, null);
        const board = add(siteId, first.roomId, `${first.room}-MSB-${side}`, 'switchboard', ups, side, boardKw, null, null);
        for (const [rowName, rowRacks] of groupBy(hallRacks, (r) => r.rowName ?? 'X')) {
          const rowNameplate = rowRacks.reduce((s, r) => s + r.nameplateKw, 0);
          const buswayAmps = smallestCovering(BUSWAY_AMPS, rowNameplate);
          const busway = add(siteId, first.roomId, `${first.room}-BW-${rowName}-${side}`, 'busway', board, side, kwFromAmps(buswayAmps, LV_VOLTAGE_V, 3), buswayAmps, LV_VOLTAGE_V);
          for (const rack of rowRacks) {
            const pduAmps = smallestCovering(RACK_PDU_AMPS, rack.budgetKw);
            const pdu = add(siteId, rack.roomId, `${rack.room}-${rack.name}-PDU-${side}`, 'pdu', busway, side, kwFromAmps(pduAmps, LV_VOLTAGE_V, 3), pduAmps, LV_VOLTAGE_V);
            feed.run(rack.id, side, pdu, pdus.get(`${rack.id}:${side}`) ?? null);
          }
        }
      }
    }
  }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
