import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { logChange } from '../inventory/change-log';
import { pathUp, resolvedSide } from './chain';
import { kwFromAmps } from './rating';
import { POWER_KINDS, POWER_SIDES, type PowerElement, type PowerKind, type PowerSide } from './types';

export interface ElementFields {
  readonly siteId: number;
  readonly roomId?: number | null;
  readonly name: string;
  readonly kind: PowerKind;
  readonly parentId?: number | null;
  readonly side?: PowerSide | null;
  /** Omitted: derived from amps per phase × voltage. */
  readonly ratingKw?: number | null;
  readonly ampsPerPhase?: number | null;
  readonly voltageV?: number | null;
  readonly phases?: 1 | 3;
}

export interface WriteActor {
  readonly db: Db;
  readonly actor: string;
}

const SELECT_ELEMENT = `SELECT id, site_id AS siteId, room_id AS roomId, name, kind, parent_id AS parentId, side, rating_kw AS ratingKw,
  amps_per_phase AS ampsPerPhase, voltage_v AS voltageV, phases FROM power_elements`;

export function loadElement(db: Db, id: number): PowerElement | undefined {
  return db.prepare(`${SELECT_ELEMENT} WHERE id = ?`).get(id) as PowerElement | undefined;
}

export function elementByName(db: Db, siteId: number, name: string): PowerElement | undefined {
  return db.prepare(`${SELECT_ELEMENT} WHERE site_id = ? AND name = ?`).get(siteId, name.trim()) as PowerElement | undefined;
}

export function siteElementMap(db: Db, siteId: number): Map<number, PowerElement> {
  return new Map((db.prepare(`${SELECT_ELEMENT} WHERE site_id = ?`).all(siteId) as PowerElement[]).map((e) => [e.id, e]));
}

/** Checks an element's fields against the rules of the chain; returns the row to store. */
export function validated(db: Db, fields: ElementFields, selfId: number | null): Omit<PowerElement, 'id'> {
  const name = fields.name.trim();
  if (name.length === 0 || name.length > 80) throw new FloorwalkError('invalid_input', 'An element needs a name of 1 to 80 characters.', { field: 'name' });
  if (!(POWER_KINDS as readonly string[]).includes(fields.kind)) {
    throw new FloorwalkError('invalid_input', `Kind must be one of ${POWER_KINDS.join(', ')}, not "${String(fields.kind)}".`, { field: 'kind' });
  }
  const side = fields.side ?? null;
  if (side !== null && !(POWER_SIDES as readonly string[]).includes(side)) throw new FloorwalkError('invalid_input', `Side must be A, B or empty, not "${String(side)}".`, { field: 'side' });
  const phases = fields.phases ?? 3;
  const amps = fields.ampsPerPhase ?? null;
  const volts = fields.voltageV ?? null;
  let ratingKw = fields.ratingKw ?? null;
  if (ratingKw === null) {
    if (amps === null || volts === null) {
      throw new FloorwalkError('invalid_input', `${name} needs a rating in kW, or amps per phase and a voltage to derive it from.`, { field: 'ratingKw' });
    }
    ratingKw = kwFromAmps(amps, volts, phases);
  }
  if (!(ratingKw > 0) || !Number.isFinite(ratingKw)) throw new FloorwalkError('invalid_input', `${name}: the rating must be more than 0 kW.`, { field: 'ratingKw' });
  const parentId = fields.parentId ?? null;
  if (parentId !== null) {
    const parent = loadElement(db, parentId);
    if (!parent) throw new FloorwalkError('not_found', `${name}: no parent element ${parentId}.`, { field: 'parentId' });
    if (parent.siteId !== fields.siteId) throw new FloorwalkError('rule_violation', `${name}: its parent ${parent.name} is at another site.`, { field: 'parentId' });
    if (selfId !== null && parentId === selfId) throw new FloorwalkError('rule_violation', `${name} cannot feed itself.`, { field: 'parentId' });
    const elements = siteElementMap(db, fields.siteId);
    if (selfId !== null && pathUp(elements, parentId).includes(selfId)) {
      throw new FloorwalkError('rule_violation', `${name} cannot hang below ${parent.name}: ${parent.name} is already fed through ${name}.`, { field: 'parentId' });
    }
    const parentSide = resolvedSide(elements, parentId);
    if (side !== null && parentSide !== null && parentSide !== side) {
      throw new FloorwalkError('rule_violation', `${name} is side ${side} but its parent ${parent.name} is side ${parentSide}.`, { field: 'side' });
    }
  }
  const roomId = fields.roomId ?? null;
  if (roomId !== null) {
    const room = db.prepare('SELECT site_id AS siteId FROM rooms WHERE id = ?').get(roomId) as { siteId: number } | undefined;
    if (!room || room.siteId !== fields.siteId) throw new FloorwalkError('rule_violation', `${name}: room ${roomId} is not at this element's site.`, { field: 'roomId' });
  }
  return { siteId: fields.siteId, roomId, name, kind: fields.kind, parentId, side, ratingKw, ampsPerPhase: amps, voltageV: volts, phases };
}

/** Creates or (with id) updates one element, logged, in the caller's transaction. */
export function saveElement(w: WriteActor, fields: ElementFields, id: number | null, reason?: string): PowerElement {
  const row = validated(w.db, fields, id);
  const clash = elementByName(w.db, row.siteId, row.name);
  if (clash && clash.id !== id) throw new FloorwalkError('conflict', `There is already an element named ${row.name} at this site.`, { field: 'name' });
  const before = id === null ? null : loadElement(w.db, id);
  if (id !== null && !before) throw new FloorwalkError('not_found', `No power element ${id}.`);
  const params = [row.siteId, row.roomId, row.name, row.kind, row.parentId, row.side, row.ratingKw, row.ampsPerPhase, row.voltageV, row.phases];
  let savedId: number;
  if (id === null) {
    savedId = Number(
      w.db
        .prepare('INSERT INTO power_elements (site_id, room_id, name, kind, parent_id, side, rating_kw, amps_per_phase, voltage_v, phases) VALUES (?,?,?,?,?,?,?,?,?,?)')
        .run(...params).lastInsertRowid,
    );
  } else {
    w.db
      .prepare('UPDATE power_elements SET site_id=?, room_id=?, name=?, kind=?, parent_id=?, side=?, rating_kw=?, amps_per_phase=?, voltage_v=?, phases=? WHERE id=?')
      .run(...params, id);
    savedId = id;
  }
  const after = loadElement(w.db, savedId) as PowerElement;
  logChange(w.db, { actor: w.actor, entity: 'power_element', entityId: savedId, action: id === null ? 'create' : 'update', before: before ?? null, after, reason: reason ?? null });
  return after;
}

export function deleteElement(w: WriteActor, id: number, reason?: string): void {
  const before = loadElement(w.db, id);
  if (!before) throw new FloorwalkError('not_found', `No power element ${id}.`);
  const children = w.db.prepare('SELECT count(*) FROM power_elements WHERE parent_id = ?').pluck().get(id) as number;
  const feeds = w.db.prepare('SELECT count(*) FROM power_feeds WHERE element_id = ?').pluck().get(id) as number;
  if (children > 0 || feeds > 0) {
    throw new FloorwalkError('rule_violation', `${before.name} still feeds ${children} element(s) and ${feeds} rack side(s); move them first.`);
  }
  w.db.prepare('DELETE FROM power_elements WHERE id = ?').run(id);
  logChange(w.db, { actor: w.actor, entity: 'power_element', entityId: id, action: 'delete', before, after: null, reason: reason ?? null });
}

export interface FeedFields {
  readonly rackId: number;
  readonly side: PowerSide;
  /** null removes the feed. */
  readonly elementId: number | null;
  readonly pduDeviceId?: number | null;
}

/** Hangs one side of a rack on an element (or takes it off), logged. */
export function setFeed(w: WriteActor, fields: FeedFields, reason?: string, siteElements?: ReadonlyMap<number, PowerElement>): void {
  const rack = w.db
    .prepare('SELECT r.id, r.name, rm.site_id AS siteId FROM racks r JOIN rooms rm ON rm.id = r.room_id WHERE r.id = ?')
    .get(fields.rackId) as { id: number; name: string; siteId: number } | undefined;
  if (!rack) throw new FloorwalkError('not_found', `No rack ${fields.rackId}.`, { field: 'rack' });
  const before = w.db.prepare('SELECT element_id AS elementId, pdu_device_id AS pduDeviceId FROM power_feeds WHERE rack_id = ? AND side = ?').get(fields.rackId, fields.side) ?? null;
  if (fields.elementId === null) {
    w.db.prepare('DELETE FROM power_feeds WHERE rack_id = ? AND side = ?').run(fields.rackId, fields.side);
  } else {
    const element = loadElement(w.db, fields.elementId);
    if (!element) throw new FloorwalkError('not_found', `No power element ${fields.elementId}.`, { field: 'element' });
    if (element.siteId !== rack.siteId) throw new FloorwalkError('rule_violation', `${element.name} is at another site than rack ${rack.name}.`, { field: 'element' });
    const elements = siteElements ?? siteElementMap(w.db, rack.siteId);
    const side = resolvedSide(elements, element.id);
    if (side !== null && side !== fields.side) {
      throw new FloorwalkError('rule_violation', `Side ${fields.side} of rack ${rack.name} cannot hang on ${element.name}: that element is on side ${side}.`, { field: 'side' });
    }
    const other = w.db.prepare('SELECT element_id FROM power_feeds WHERE rack_id = ? AND side <> ?').pluck().get(fields.rackId, fields.side) as number | undefined;
    if (other === element.id) throw new FloorwalkError('rule_violation', `Both sides of rack ${rack.name} would hang on ${element.name}: that is no redundancy.`, { field: 'element' });
    const pdu = fields.pduDeviceId ?? null;
    if (pdu !== null) {
      const device = w.db
        .prepare("SELECT d.rack_id AS rackId, t.category FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.id = ?")
        .get(pdu) as { rackId: number | null; category: string } | undefined;
      if (!device || device.rackId !== rack.id || device.category !== 'pdu') {
        throw new FloorwalkError('rule_violation', `Device ${pdu} is not a PDU in rack ${rack.name}.`, { field: 'pdu' });
      }
    }
    w.db
      .prepare('INSERT INTO power_feeds (rack_id, side, element_id, pdu_device_id) VALUES (?, ?, ?, ?) ON CONFLICT (rack_id, side) DO UPDATE SET element_id = excluded.element_id, pdu_device_id = excluded.pdu_device_id')
      .run(fields.rackId, fields.side, element.id, pdu);
  }
  const after = fields.elementId === null ? null : { elementId: fields.elementId, pduDeviceId: fields.pduDeviceId ?? null };
  logChange(w.db, { actor: w.actor, entity: 'power_feed', entityId: fields.rackId, action: before === null ? 'create' : after === null ? 'delete' : 'update', before: before === null ? null : { side: fields.side, ...before }, after: after === null ? null : { side: fields.side, ...after }, reason: reason ?? null });
}
