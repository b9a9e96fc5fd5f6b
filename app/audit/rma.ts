import type { Db } from '../db/open';
import type { ItemRef, Location, RmaItem } from './types';

/**
 * What the field-replacement (RMA) cases say about an audit's loose ends, so a GPU that left on a case is
 * not reported missing and a part that came in on one is not reported unknown:
 * - an expected GPU not seen, whose case is open (pulled, waiting for its replacement) or whose swap was
 *   recorded after the audit froze the list → it left on that case;
 * - an unknown code that is a case's removed part (scanned in the cage, say) → it left on that case;
 * - an unknown code that is a case's new part, or scanned in the server of an open case whose swap is not
 *   recorded yet → the replacement of that case (record the swap to put it in the inventory).
 * Suspect cases (the GPU is only being watched, still in its slot) change nothing.
 */

interface CaseRow {
  readonly id: number;
  readonly status: string;
  readonly deviceId: number;
  readonly slot: number;
  readonly acceleratorId: number | null;
  readonly partSerial: string | null;
  readonly newSerial: string | null;
  readonly swappedAt: string | null;
  readonly device: string;
}

export class RmaIndex {
  private readonly byAccelerator = new Map<number, CaseRow>();
  private readonly byPartSerial = new Map<string, CaseRow>();
  private readonly byNewSerial = new Map<string, CaseRow>();
  /** Open cases without a recorded swap, per server. */
  private readonly awaitingSwap = new Map<number, CaseRow[]>();

  constructor(rows: readonly CaseRow[]) {
    // Oldest first, so the newest case of a part or slot wins.
    for (const c of rows) {
      if (c.acceleratorId !== null) this.byAccelerator.set(c.acceleratorId, c);
      if (c.partSerial !== null) this.byPartSerial.set(c.partSerial.toUpperCase(), c);
      if (c.newSerial !== null) this.byNewSerial.set(c.newSerial.toUpperCase(), c);
      if (c.status === 'rma-open' && c.newSerial === null) {
        const list = this.awaitingSwap.get(c.deviceId) ?? [];
        list.push(c);
        this.awaitingSwap.set(c.deviceId, list);
      }
    }
  }

  static load(db: Db): RmaIndex {
    const rows = db
      .prepare(
        `SELECT c.id, c.status, c.device_id AS deviceId, c.slot, c.accelerator_id AS acceleratorId, c.part_serial AS partSerial,
                c.new_serial AS newSerial, c.swapped_at AS swappedAt, coalesce(d.hostname, d.serial, 'device ' || d.id) AS device
         FROM rma_cases c JOIN devices d ON d.id = c.device_id WHERE c.status <> 'suspect' ORDER BY c.id`,
      )
      .all() as CaseRow[];
    return new RmaIndex(rows);
  }

  get empty(): boolean {
    return this.byAccelerator.size === 0 && this.byPartSerial.size === 0;
  }

  /** An expected GPU not seen: the case it left on, or null (then it is missing). */
  leftExpected(item: ItemRef, from: Location | null, frozenAt: string): RmaItem | null {
    if (item.kind !== 'accelerator') return null;
    const byPart = item.serial === null ? undefined : this.byPartSerial.get(item.serial.toUpperCase());
    const c = byPart ?? this.byAccelerator.get(item.id);
    if (!c) return null;
    const open = c.status === 'rma-open';
    // A swap recorded before the freeze means the list already expects the new part: this is not that.
    const swappedSince = c.swappedAt !== null && c.swappedAt >= frozenAt && byPart !== undefined;
    if (!open && !swappedSince) return null;
    const note = open
      ? `Out on RMA case ${c.id} (open): pulled from slot ${c.slot} of ${c.device}, its replacement not recorded yet.`
      : `Left on RMA case ${c.id}: replaced in slot ${c.slot} of ${c.device} by ${c.newSerial ?? 'a new part'} after this audit started (the new part was not scanned either).`;
    return { key: `rma:${item.kind}:${item.id}`, kind: 'left', code: item.serial ?? '', caseId: c.id, caseStatus: c.status, item, from, seenAt: null, note };
  }

  /** An unknown code: the case it is the removed or the new part of, or null (then it is unknown). */
  recogniseCode(code: string, seenAt: Location | null, deviceContextId: number | null): RmaItem | null {
    const upper = code.toUpperCase();
    const removed = this.byPartSerial.get(upper);
    const key = `rma:code:${upper}`;
    if (removed) {
      const note = `Left on RMA case ${removed.id} (${removed.status}): the part pulled from slot ${removed.slot} of ${removed.device}; it is no longer in the inventory.`;
      return { key, kind: 'left', code, caseId: removed.id, caseStatus: removed.status, item: null, from: null, seenAt, note };
    }
    const installed = this.byNewSerial.get(upper);
    if (installed) {
      const note = `The replacement of RMA case ${installed.id} (${installed.status}) for slot ${installed.slot} of ${installed.device}.`;
      return { key, kind: 'replacement', code, caseId: installed.id, caseStatus: installed.status, item: null, from: null, seenAt, note };
    }
    const waiting = deviceContextId === null ? undefined : this.awaitingSwap.get(deviceContextId);
    if (waiting && waiting.length === 1 && waiting[0]) {
      const c = waiting[0];
      const note = `Scanned in ${c.device}, whose slot ${c.slot} is on open RMA case ${c.id}: the replacement, not an unknown part. Record the swap (rma swap ${c.id} --new ${code}) to put it in the inventory.`;
      return { key, kind: 'replacement', code, caseId: c.id, caseStatus: c.status, item: null, from: null, seenAt, note };
    }
    return null;
  }
}
