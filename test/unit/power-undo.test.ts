import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import { FloorwalkError } from '../../app/core/errors';
import { testDb } from '../support/db';
import { smallChainDb } from '../support/power';

/** Issue 15: power-chain edits (elements, rack feeds) are undone like any other inventory change. */

let db: Db;
let cleanup: () => void;
let ctx: HandlerContext;
let racks: Record<'R1' | 'R2' | 'R3', number>;

beforeEach(() => {
  ({ db, cleanup } = testDb());
  ({ racks } = smallChainDb(db));
  ctx = { db, dbPath: ':test:', actor: 'Aoife Kelly', caller: 'cli' };
});
afterEach(() => cleanup());

const element = (name: string) => db.prepare('SELECT * FROM power_elements WHERE name = ?').get(name) as Record<string, unknown> | undefined;
const feed = (rackId: number, side: string) => db.prepare('SELECT element_id FROM power_feeds WHERE rack_id = ? AND side = ?').pluck().get(rackId, side) as number | undefined;
const siteId = (): number => db.prepare("SELECT id FROM sites WHERE code = 'T1'").pluck().get() as number;
const undo = () => callLocal(ctx, 'changes.undo', {});
const lastEntry = () => db.prepare('SELECT actor, entity, action, undoes, reason FROM change_log ORDER BY id DESC LIMIT 1').get() as Record<string, unknown>;

describe('undo of power-chain entries', () => {
  it('undoes an element created, changed and deleted, each logged as the undo of its entry', async () => {
    const ups = element('UPS-A') as { id: number };
    const created = await callLocal(ctx, 'power.element.save', { id: null, fields: { siteId: siteId(), name: 'PDU-A3', kind: 'pdu', parentId: ups.id, ratingKw: 20 }, reason: 'new busway tap' });
    const result = await undo();
    expect(result.undone).toMatchObject({ entity: 'power_element', action: 'create', entityId: created.id });
    expect(element('PDU-A3')).toBeUndefined();
    expect(lastEntry()).toMatchObject({ actor: 'Aoife Kelly', entity: 'power_element', action: 'delete', undoes: result.undone.id, reason: `undo of change ${result.undone.id}` });

    const pdu = element('PDU-B2') as { id: number; rating_kw: number; site_id: number; parent_id: number };
    await callLocal(ctx, 'power.element.save', { id: pdu.id, fields: { siteId: pdu.site_id, name: 'PDU-B2', kind: 'pdu', parentId: pdu.parent_id, ratingKw: 40 } });
    expect(element('PDU-B2')?.['rating_kw']).toBe(40);
    await undo();
    expect(element('PDU-B2')).toEqual(pdu);

    // A spare element with nothing on it: deleted, then back under its own id.
    const spare = await callLocal(ctx, 'power.element.save', { id: null, fields: { siteId: siteId(), name: 'PDU-SPARE', kind: 'pdu', parentId: ups.id, ratingKw: 10 } });
    const before = element('PDU-SPARE');
    await callLocal(ctx, 'power.element.delete', { id: spare.id });
    expect(element('PDU-SPARE')).toBeUndefined();
    const back = await undo();
    expect(back.undone).toMatchObject({ entity: 'power_element', action: 'delete' });
    expect(element('PDU-SPARE')).toEqual(before);
  });

  it('undoes a rack side re-hung and one taken off', async () => {
    const a1 = (element('PDU-A1') as { id: number }).id;
    const a2 = (element('PDU-A2') as { id: number }).id;
    expect(feed(racks.R3, 'A')).toBe(a2);
    await callLocal(ctx, 'power.feed.set', { rackId: racks.R3, side: 'A', elementId: a1 });
    expect(feed(racks.R3, 'A')).toBe(a1);
    const rehung = await undo();
    expect(rehung.undone).toMatchObject({ entity: 'power_feed', action: 'update', entityId: racks.R3 });
    expect(feed(racks.R3, 'A')).toBe(a2);
    expect(lastEntry()).toMatchObject({ entity: 'power_feed', undoes: rehung.undone.id });

    await callLocal(ctx, 'power.feed.set', { rackId: racks.R3, side: 'A', elementId: null });
    expect(feed(racks.R3, 'A')).toBeUndefined();
    await undo();
    expect(feed(racks.R3, 'A')).toBe(a2);
    // Undone entries and undos are skipped: the next undo walks back to the import's last feed, R3 side B.
    const walk = await undo();
    expect(walk.undone).toMatchObject({ entity: 'power_feed', action: 'create', entityId: racks.R3, actor: 'test' });
    expect(feed(racks.R3, 'B')).toBeUndefined();
    expect(feed(racks.R3, 'A')).toBe(a2);
  });

  it('refuses an undo the chain rules forbid now, and changes nothing', async () => {
    const ups = element('UPS-A') as { id: number };
    const created = await callLocal(ctx, 'power.element.save', { id: null, fields: { siteId: siteId(), name: 'PDU-A3', kind: 'pdu', parentId: ups.id, ratingKw: 20 } });
    // Another tool hangs R3's side A on it (no entry), so the newest entry is still the create.
    db.prepare("UPDATE power_feeds SET element_id = ? WHERE rack_id = ? AND side = 'A'").run(created.id, racks.R3);
    const entries = db.prepare('SELECT count(*) FROM change_log').pluck().get();
    const error = await undo().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FloorwalkError);
    expect((error as FloorwalkError).message).toMatch(/^Cannot undo change \d+ \(create of power element \d+ by Aoife Kelly\): PDU-A3 still feeds 0 element\(s\) and 1 rack side\(s\); move them first\. Nothing was changed\.$/);
    expect(element('PDU-A3')).toBeDefined();
    expect(db.prepare('SELECT count(*) FROM change_log').pluck().get()).toBe(entries);
  });
});
