import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import type { RequestName } from '../../app/api/contract';
import { FloorwalkError } from '../../app/core/errors';
import { constraintError, IDENTITY_SOURCES, OCCUPANT_SELECT } from '../../app/inventory/rules';
import { testDb } from '../support/db';

const ACTOR = 'tech@test';
let db: Db;
let cleanup: () => void;
let ctx: HandlerContext;

beforeEach(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
  ctx = { db, dbPath: ':test:', actor: ACTOR };
});
afterEach(() => cleanup());

const call = <K extends RequestName>(name: K, input: unknown) => callLocal(ctx, name, input);

/** The FloorwalkError a request throws (the test fails if it succeeds). */
async function refusal(name: RequestName, input: unknown): Promise<FloorwalkError> {
  try {
    await call(name, input);
  } catch (error) {
    expect(error).toBeInstanceOf(FloorwalkError);
    return error as FloorwalkError;
  }
  throw new Error(`${name} was accepted but should have been refused`);
}

const planOf = (sql: string, params: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
const one = <T>(sql: string, ...params: unknown[]): T => db.prepare(sql).get(...params) as T;
const value = <T>(sql: string, ...params: unknown[]): T => db.prepare(sql).pluck().get(...params) as T;
const typeId = (slug: string): number => value<number>('SELECT id FROM device_types WHERE slug = ?', slug);
/** Rack R01-01 of PHX1 / DH1: DGX H100s at U3, U11, U19, U27, a front patch panel at U42, two zero-U PDUs. */
const rackId = (): number => value<number>("SELECT rk.id FROM racks rk JOIN rooms rm ON rm.id = rk.room_id JOIN sites s ON s.id = rm.site_id WHERE s.code = 'PHX1' AND rk.name = 'R01-01'");
const deviceId = (hostname: string): number => value<number>('SELECT id FROM devices WHERE hostname = ?', hostname);
const lastChange = () =>
  one<{ id: number; actor: string; entity: string; entity_id: number; action: string; before: string | null; after: string | null; reason: string | null; change_set: string | null; undoes: number | null }>(
    'SELECT * FROM change_log ORDER BY id DESC LIMIT 1',
  );

function newServer(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { rackId: rackId(), typeId: typeId('dell-r760'), uPosition: 36, role: 'management', hostname: 'phx1-mgmt-9', serial: 'CN0R7TEST01', ...fields };
}

describe('device rules', () => {
  it('refuses a U that is taken, naming the device in the way and its U range', async () => {
    const error = await refusal('device.create', { fields: newServer({ uPosition: 12 }) });
    expect(error.code).toBe('rule_violation');
    expect(error.field).toBe('uPosition');
    expect(error.message).toBe(
      'U12–U13 of rack R01-01 is not free for the Dell PowerEdge R760: phx1-dh1-r01-01-n2 (NVIDIA DGX H100) occupies U11–U18 (full depth).',
    );
    expect(value('SELECT count(*) FROM devices WHERE serial = ?', 'CN0R7TEST01')).toBe(0);
  });

  it('lets half-depth parts share a U front and rear, but a full-depth one blocks both faces', async () => {
    const patch = typeId('patch-1u-48');
    await call('device.create', { fields: newServer({ typeId: patch, uPosition: 42, face: 'rear', role: 'patch', hostname: null, serial: 'PP-REAR-1' }) });
    const error = await refusal('device.create', { fields: newServer({ typeId: typeId('nvidia-qm9700'), uPosition: 42, face: 'rear', role: 'ib-leaf' }) });
    expect(error.message).toMatch(/U42 of rack R01-01 is not free for the NVIDIA QM9700.*: PP\d+ \(Generic 1U 48-port fibre patch panel\) occupies U42 \(front only\)\./);
  });

  it('refuses a device that would stick out of the top of the rack', async () => {
    const error = await refusal('device.create', { fields: newServer({ typeId: typeId('dgx-h100'), uPosition: 37 }) });
    expect(error.field).toBe('uPosition');
    expect(error.message).toBe('The 8U NVIDIA DGX H100 at U37 would reach U44, but rack R01-01 has only 42 U.');
  });

  it('keeps zero-U parts off the U scale, and a U position needs a rack', async () => {
    const pdu = await refusal('device.create', { fields: newServer({ typeId: typeId('apc-ap8886'), uPosition: 5, role: 'pdu' }) });
    expect(pdu.field).toBe('uPosition');
    expect(pdu.message).toMatch(/zero-U part .* leave its U position empty/);
    const unracked = await refusal('device.create', { fields: newServer({ rackId: null, uPosition: 5 }) });
    expect(unracked.message).toBe('A device needs a rack before it can have a U position.');
    const ok = await call('device.create', { fields: newServer({ typeId: typeId('apc-ap8886'), uPosition: null, role: 'pdu', face: 'rear' }) });
    expect(ok.id).toBeGreaterThan(0);
  });

  it('refuses a serial another part has, saying which part and where', async () => {
    const gpu = one<{ serial: string }>('SELECT serial FROM accelerators WHERE device_id = ? AND slot = 3', deviceId('phx1-dh1-r01-01-n2'));
    const error = await refusal('device.create', { fields: newServer({ serial: gpu.serial.toLowerCase() }) });
    expect(error.code).toBe('conflict');
    expect(error.field).toBe('serial');
    expect(error.message).toBe(`Serial ${gpu.serial.toLowerCase()} is already GPU slot 3 of phx1-dh1-r01-01-n2 (PHX1 / DH1 / R01-01 / U11).`);
  });

  it('refuses a duplicate hostname and an asset tag a rack already carries', async () => {
    const host = await refusal('device.create', { fields: newServer({ hostname: 'phx1-dh1-r01-01-n1' }) });
    expect(host.field).toBe('hostname');
    expect(host.message).toBe('Hostname phx1-dh1-r01-01-n1 is already phx1-dh1-r01-01-n1 (NVIDIA DGX H100, PHX1 / DH1 / R01-01 / U3).');
    const rackTag = value<string>('SELECT asset_tag FROM racks WHERE id = ?', rackId());
    const tag = await refusal('device.create', { fields: newServer({ assetTag: rackTag }) });
    expect(tag.field).toBe('assetTag');
    expect(tag.message).toBe(`Asset tag ${rackTag} is already on rack R01-01 (PHX1 / DH1).`);
  });

  it('moves a device within the rule and logs it as a move, with full camelCase snapshots, actor and reason', async () => {
    const id = deviceId('phx1-dh1-r01-01-n4');
    const result = await call('device.update', { id, patch: { uPosition: 33, serial: '' }, reason: 'moved up for cabling' });
    const entry = lastChange();
    expect(entry).toMatchObject({ id: result.changeId, actor: ACTOR, entity: 'device', entity_id: id, action: 'move', reason: 'moved up for cabling' });
    const before = JSON.parse(entry.before ?? 'null') as Record<string, unknown>;
    const after = JSON.parse(entry.after ?? 'null') as Record<string, unknown>;
    expect(Object.keys(after)).toEqual(['id', 'rackId', 'typeId', 'uPosition', 'face', 'role', 'hostname', 'serial', 'assetTag', 'status']);
    expect(before).toMatchObject({ uPosition: 27 });
    expect(after).toMatchObject({ uPosition: 33, serial: null });
    const blocked = await refusal('device.update', { id, patch: { uPosition: 20 } });
    expect(blocked.message).toMatch(/phx1-dh1-r01-01-n3 \(NVIDIA DGX H100\) occupies U19–U26/);
  });

  it('takes a device out of its rack (its U goes with it) and a rack to another room (leaving row and loop)', async () => {
    const id = deviceId('phx1-dh1-r01-01-n4');
    await call('device.update', { id, patch: { rackId: null, status: 'inventory' } });
    expect(one('SELECT rack_id, u_position, status FROM devices WHERE id = ?', id)).toEqual({ rack_id: null, u_position: null, status: 'inventory' });
    const site = value<number>("SELECT id FROM sites WHERE code = 'PHX1'");
    const room = await call('room.create', { fields: { siteId: site, name: 'DH2', widthTiles: 10, depthTiles: 10 } });
    const sensorsBefore = db.prepare('SELECT grid_x - ? AS dx, grid_y - ? AS dy FROM sensors WHERE rack_id = ? ORDER BY id').all(3, 3, rackId());
    await call('rack.update', { id: rackId(), patch: { roomId: room.id, gridX: 1, gridY: 1 } });
    expect(one('SELECT room_id, row_id, loop_id FROM racks WHERE id = ?', rackId())).toEqual({ room_id: room.id, row_id: null, loop_id: null });
    // Its inlet and outlet sensors went along, in the new room, at the same place relative to the rack.
    expect(db.prepare('SELECT grid_x - ? AS dx, grid_y - ? AS dy FROM sensors WHERE rack_id = ? ORDER BY id').all(1, 1, rackId())).toEqual(sensorsBefore);
    expect(value('SELECT count(*) FROM sensors WHERE rack_id = ? AND room_id <> ?', rackId(), room.id)).toBe(0);
    expect(lastChange().action).toBe('move');
  });

  it('refuses a type change that leaves GPUs without a slot', async () => {
    const error = await refusal('device.update', { id: deviceId('phx1-dh1-r01-01-n1'), patch: { typeId: typeId('dell-r760') } });
    expect(error.field).toBe('typeId');
    expect(error.message).toMatch(/has no accelerator slots, but this device holds 8 GPUs \(slots up to 7\); remove them first\./);
  });

  it('deletes a device together with its accelerators, each logged in one change set', async () => {
    const id = deviceId('phx1-dh1-r01-01-n2');
    const result = await call('device.delete', { id, reason: 'RMA chassis' });
    expect(value('SELECT count(*) FROM devices WHERE id = ?', id)).toBe(0);
    expect(value('SELECT count(*) FROM accelerators WHERE device_id = ?', id)).toBe(0);
    const entries = db.prepare('SELECT entity, action, change_set, reason FROM change_log WHERE change_set = (SELECT change_set FROM change_log WHERE id = ?)').all(result.changeId) as Array<{
      entity: string;
      action: string;
      reason: string;
    }>;
    expect(entries.filter((e) => e.entity === 'accelerator' && e.action === 'delete')).toHaveLength(8);
    expect(entries.filter((e) => e.entity === 'device' && e.action === 'delete')).toHaveLength(1);
    expect(entries.every((e) => e.reason === 'RMA chassis')).toBe(true);
  });

  it('says so when the device does not exist', async () => {
    const error = await refusal('device.update', { id: 999_999, patch: { status: 'failed' } });
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/no device with id 999999/);
  });
});

describe('accelerator rules', () => {
  const gpu = (fields: Record<string, unknown>) => ({ fields: { deviceId: deviceId('phx1-dh1-r01-01-n1'), slot: 3, model: 'H100 SXM5 80GB', serial: '1655999999999', ...fields } });

  it('refuses a taken slot, naming the GPU in it', async () => {
    const error = await refusal('accelerator.create', gpu({}));
    expect(error.code).toBe('conflict');
    expect(error.field).toBe('slot');
    expect(error.message).toMatch(/^Slot 3 of phx1-dh1-r01-01-n1 \(PHX1 \/ DH1 \/ R01-01 \/ U3\) already holds GPU \d+ \(H100 SXM5 80GB\); remove it first\.$/);
  });

  it('refuses a slot the server does not have, and a server without slots', async () => {
    const error = await refusal('accelerator.create', gpu({ slot: 8 }));
    expect(error.message).toBe('Slot 8 does not exist on phx1-dh1-r01-01-n1 (PHX1 / DH1 / R01-01 / U3): a NVIDIA DGX H100 has slots 0–7.');
    const mgmt = value<number>("SELECT id FROM devices WHERE role = 'management' LIMIT 1");
    const none = await refusal('accelerator.create', gpu({ deviceId: mgmt, slot: 0 }));
    expect(none.field).toBe('deviceId');
    expect(none.message).toMatch(/Dell PowerEdge R760, which has no accelerator slots\.$/);
  });

  it('refuses a UUID another GPU has and a serial a device has', async () => {
    const victim = one<{ id: number; uuid: string }>('SELECT id, uuid FROM accelerators WHERE device_id = ? AND slot = 0', deviceId('phx1-dh1-r01-01-n1'));
    await call('accelerator.delete', { id: victim.id });
    const other = value<string>('SELECT uuid FROM accelerators WHERE device_id = ? AND slot = 5', deviceId('phx1-dh1-r01-01-n2'));
    const uuid = await refusal('accelerator.create', gpu({ slot: 0, uuid: other }));
    expect(uuid.field).toBe('uuid');
    expect(uuid.message).toBe(`UUID ${other} is already GPU slot 5 of phx1-dh1-r01-01-n2 (PHX1 / DH1 / R01-01 / U11).`);
    const serial = await refusal('accelerator.create', gpu({ slot: 0, serial: value<string>('SELECT serial FROM devices WHERE hostname = ?', 'phx1-dh1-r01-01-n3') }));
    expect(serial.message).toMatch(/is already phx1-dh1-r01-01-n3 \(NVIDIA DGX H100, PHX1 \/ DH1 \/ R01-01 \/ U19\)\.$/);
    const ok = await call('accelerator.create', gpu({ slot: 0, uuid: victim.uuid }));
    expect(value('SELECT slot FROM accelerators WHERE id = ?', ok.id)).toBe(0);
  });
});

describe('rack, room and site rules', () => {
  const roomId = (): number => value<number>('SELECT room_id FROM racks WHERE id = ?', rackId());

  it('keeps racks inside the room and off each other (floor geometry shared with the floor map)', async () => {
    const outside = await refusal('rack.create', { fields: { roomId: roomId(), name: 'R99-01', gridX: 31, gridY: 3 } });
    expect(outside.field).toBe('gridX');
    expect(outside.message).toBe('Rack R99-01 at (31, 3) would stand outside room DH1, which is 31 × 14 tiles.');
    const onTop = await refusal('rack.create', { fields: { roomId: roomId(), name: 'R99-01', gridX: 4, gridY: 4 } });
    expect(onTop.message).toBe('Rack R99-01 would overlap R01-02 on the floor at (4, 4).');
    const onCrah = await refusal('rack.create', { fields: { roomId: roomId(), name: 'R99-01', gridX: 2, gridY: 0, facing: 'S' } });
    expect(onCrah.message).toMatch(/would overlap CRAH-N1/);
    const duplicate = await refusal('rack.create', { fields: { roomId: roomId(), name: 'r01-01', gridX: 20, gridY: 10 } });
    expect(duplicate).toMatchObject({ code: 'conflict', field: 'name' });
    const ok = await call('rack.create', { fields: { roomId: roomId(), name: 'R99-01', gridX: 0, gridY: 10, facing: 'E' } });
    expect(value('SELECT u_height FROM racks WHERE id = ?', ok.id)).toBe(42);
  });

  it('refuses to make a rack shorter than the devices it holds', async () => {
    const error = await refusal('rack.update', { id: rackId(), patch: { uHeight: 40 } });
    expect(error.field).toBe('uHeight');
    expect(error.message).toMatch(/^Rack R01-01 cannot be 40 U tall: PP\d+ \(1U 48-port fibre patch panel\) occupies U42\.$/);
  });

  it('refuses to delete what still holds children, in a sentence', async () => {
    expect((await refusal('rack.delete', { id: rackId() })).message).toBe('Rack R01-01 still holds 7 devices; move or delete them first.');
    expect((await refusal('room.delete', { id: roomId() })).message).toMatch(/^Room DH1 still has \d+ racks, \d+ cooling units, \d+ sensors; move or delete them first\.$/);
    const site = value<number>("SELECT id FROM sites WHERE code = 'PHX1'");
    expect((await refusal('site.delete', { id: site })).message).toBe('Site PHX1 still has 1 room; delete or move them first.');
  });

  it('checks site codes and time zones, and room sizes against what stands in them', async () => {
    expect(await refusal('site.create', { fields: { code: 'phx1', name: 'Again', timezone: 'UTC' } })).toMatchObject({ code: 'conflict', field: 'code' });
    const zone = await refusal('site.create', { fields: { code: 'LON1', name: 'London', timezone: 'Europe/Lundon' } });
    expect(zone).toMatchObject({ code: 'rule_violation', field: 'timezone' });
    const shrink = await refusal('room.update', { id: roomId(), patch: { widthTiles: 20 } });
    expect(shrink.field).toBe('widthTiles');
    expect(shrink.message).toMatch(/^Room DH1 cannot be 20 × 14 tiles: (rack|CRAH|CDU) \S+ at \(\d+, \d+\) would stand outside it\.$/);
  });

  it('maps a constraint failure that slips past the rules to a sentence with the field', () => {
    const serial = value<string>('SELECT serial FROM devices LIMIT 1');
    let caught: unknown;
    try {
      db.prepare("INSERT INTO devices (rack_id, type_id, u_position, role, serial) VALUES (NULL, 1, NULL, 'x', ?)").run(serial);
    } catch (error) {
      caught = constraintError(error);
    }
    expect(caught).toBeInstanceOf(FloorwalkError);
    expect(caught).toMatchObject({ code: 'conflict', field: 'serial', message: 'Another device already has this serial; nothing was written.' });
  });
});

describe('undo', () => {
  it('undoes a create by deleting, and logs the undo with its reason and the entry it reverts', async () => {
    const created = await call('device.create', { fields: newServer(), reason: 'new mgmt node' });
    const undo = await call('changes.undo', {});
    expect(undo.undone.id).toBe(created.changeId);
    expect(undo.undoneCount).toBe(1);
    expect(value('SELECT count(*) FROM devices WHERE id = ?', created.id)).toBe(0);
    expect(lastChange()).toMatchObject({ id: undo.changeId, action: 'delete', entity: 'device', reason: `undo of change ${created.changeId}`, undoes: created.changeId, actor: ACTOR });
  });

  it('undoes an update and a move by restoring the row as it was, newest first', async () => {
    const id = deviceId('phx1-dh1-r01-01-n4');
    const before = one<Record<string, unknown>>('SELECT * FROM devices WHERE id = ?', id);
    const move = await call('device.update', { id, patch: { uPosition: 33 } });
    const update = await call('device.update', { id, patch: { status: 'failed', assetTag: 'AT-NEW-1' } });
    const first = await call('changes.undo', {});
    expect(first.undone.id).toBe(update.changeId);
    expect(lastChange().action).toBe('update');
    expect(one('SELECT status, asset_tag, u_position FROM devices WHERE id = ?', id)).toEqual({ status: before['status'], asset_tag: before['asset_tag'], u_position: 33 });
    const second = await call('changes.undo', {});
    expect(second.undone.id).toBe(move.changeId);
    expect(lastChange().action).toBe('move');
    expect(one('SELECT * FROM devices WHERE id = ?', id)).toEqual(before);
  });

  it('undoes a device delete: the device and its GPUs come back with the same ids', async () => {
    const id = deviceId('phx1-dh1-r01-01-n2');
    const gpus = db.prepare('SELECT * FROM accelerators WHERE device_id = ? ORDER BY id').all(id);
    const device = one('SELECT * FROM devices WHERE id = ?', id);
    await call('device.delete', { id });
    const undo = await call('changes.undo', { reason: 'wrong server' });
    expect(undo.undoneCount).toBe(9);
    expect(one('SELECT * FROM devices WHERE id = ?', id)).toEqual(device);
    expect(db.prepare('SELECT * FROM accelerators WHERE device_id = ? ORDER BY id').all(id)).toEqual(gpus);
    const undoEntries = db.prepare('SELECT action, reason FROM change_log WHERE undoes IS NOT NULL').all() as Array<{ action: string; reason: string }>;
    expect(undoEntries).toHaveLength(9);
    expect(undoEntries.every((e) => e.action === 'create' && /^undo of change \d+$/.test(e.reason))).toBe(true);
  });

  it('undoes a room delete together with its rows', async () => {
    const site = value<number>("SELECT id FROM sites WHERE code = 'PHX1'");
    const room = await call('room.create', { fields: { siteId: site, name: 'DH9', widthTiles: 10, depthTiles: 10 } });
    db.prepare("INSERT INTO rack_rows (room_id, name) VALUES (?, 'R01')").run(room.id);
    await call('room.delete', { id: room.id });
    expect(value('SELECT count(*) FROM rack_rows WHERE room_id = ?', room.id)).toBe(0);
    await call('changes.undo', {});
    expect(value('SELECT count(*) FROM rooms WHERE id = ?', room.id)).toBe(1);
    expect(value('SELECT name FROM rack_rows WHERE room_id = ?', room.id)).toBe('R01');
  });

  it('undoes the changes of sites, racks and accelerators too', async () => {
    const site = await call('site.create', { fields: { code: 'LON1', name: 'London', timezone: 'Europe/London' } });
    await call('site.update', { id: site.id, patch: { name: 'London Docklands' } });
    await call('changes.undo', {});
    expect(value('SELECT name FROM sites WHERE id = ?', site.id)).toBe('London');
    const rack = rackId();
    await call('rack.update', { id: rack, patch: { gridY: 10 } });
    expect(lastChange().action).toBe('move');
    await call('changes.undo', {});
    expect(value('SELECT grid_y FROM racks WHERE id = ?', rack)).toBe(3);
    const gpu = value<number>('SELECT id FROM accelerators LIMIT 1');
    await call('accelerator.update', { id: gpu, patch: { status: 'rma' } });
    await call('changes.undo', {});
    expect(value('SELECT status FROM accelerators WHERE id = ?', gpu)).toBe('ok');
  });

  it('refuses an undo that would break a rule now, and changes nothing', async () => {
    const id = deviceId('phx1-dh1-r01-01-n4');
    const deleted = await call('device.delete', { id });
    // Someone racks another server where it was; the log's newest entry is now that create, so undo it
    // by hand first would be the normal path. Simulate a write outside the log taking the U.
    db.prepare("INSERT INTO devices (rack_id, type_id, u_position, face, role, serial) VALUES (?, ?, 27, 'front', 'x', 'OUTSIDE-1')").run(rackId(), typeId('dell-r760'));
    const error = await refusal('changes.undo', {});
    expect(error.code).toBe('rule_violation');
    expect(error.message).toMatch(new RegExp(`^Cannot undo change ${deleted.changeId} \\(delete of device ${id} by ${ACTOR}\\): U27–U34 of rack R01-01 is not free for the NVIDIA DGX H100: OUTSIDE-1 .* Nothing was changed\\.$`));
    expect(value('SELECT count(*) FROM devices WHERE id = ?', id)).toBe(0);
    expect(value('SELECT count(*) FROM change_log WHERE undoes IS NOT NULL')).toBe(0);
  });

  it('refuses an entry another part of Floorwalk logged in its own shape', async () => {
    db.prepare(
      `INSERT INTO change_log (at, actor, entity, entity_id, action, before, after, reason) VALUES ('2026-01-01T00:00:00Z', 'heatmap', 'room', 1, 'update', '{"thresholds":{"inletMaxC":27}}', '{"thresholds":{"inletMaxC":30}}', 'thresholds')`,
    ).run();
    const error = await refusal('changes.undo', {});
    expect(error.message).toMatch(/^Cannot undo change \d+ \(update of room 1 by heatmap\): the entry does not hold the whole room as it was, so there is nothing to put back\. Nothing was changed\.$/);
  });

  it('walks back past undone entries, and refuses the demo bulk entry with a sentence', async () => {
    await call('site.create', { fields: { code: 'LON1', name: 'London', timezone: 'Europe/London' } });
    await call('changes.undo', {});
    const error = await refusal('changes.undo', {});
    expect(error.message).toMatch(/^Cannot undo change \d+ \(bulk of site \d+ by floorwalk demo\): .*nothing to put back\. Nothing was changed\.$/);
  });
});

describe('query plans', () => {
  it('identity, occupancy and floor lookups search indexes, never scan a table', () => {
    const plans: string[] = [];
    for (const sources of Object.values(IDENTITY_SOURCES)) {
      for (const source of sources) plans.push(planOf(`SELECT id FROM ${source.table} WHERE ${source.column} = ?`, ['x']));
    }
    plans.push(planOf(`${OCCUPANT_SELECT} WHERE d.rack_id = ? AND d.u_position IS NOT NULL AND t.u_height > 0`, [1]));
    plans.push(planOf('SELECT id FROM racks WHERE room_id = ? AND name = ? AND id IS NOT ?', [1, 'R01-01', null]));
    for (const plan of plans) {
      expect(plan).toMatch(/SEARCH \w+ USING (COVERING )?INDEX/);
      expect(plan).not.toMatch(/(^|\| )SCAN (d|devices|accelerators|racks|cooling_units)\b/);
    }
  });
});

describe('read requests', () => {
  it('rack.detail lists devices top-down with GPU slot statuses', async () => {
    db.prepare("UPDATE accelerators SET status = 'failed' WHERE device_id = ? AND slot = 2").run(deviceId('phx1-dh1-r01-01-n1'));
    const rack = await call('rack.detail', { rackId: rackId() });
    expect(rack).toMatchObject({ name: 'R01-01', site: { code: 'PHX1' }, room: { name: 'DH1' }, uHeight: 42 });
    expect(rack.devices.map((d) => d.uPosition)).toEqual([42, 27, 19, 11, 3, null, null]);
    const n1 = rack.devices.find((d) => d.hostname === 'phx1-dh1-r01-01-n1');
    expect(n1?.accelerators.map((a) => a.status)).toEqual(['ok', 'ok', 'failed', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(rack.powerMaxKw).toBeCloseTo(4 * 10.2, 5);
    expect((await refusal('rack.detail', { rackId: 999_999 })).code).toBe('not_found');
  });

  it('device.detail gives the type, place, accelerator list and history; catalog and history.entity answer', async () => {
    const id = deviceId('phx1-dh1-r01-01-n1');
    await call('device.update', { id, patch: { status: 'offline' }, reason: 'fan fault' });
    const device = await call('device.detail', { deviceId: id });
    expect(device).toMatchObject({ hostname: 'phx1-dh1-r01-01-n1', status: 'offline', rack: { name: 'R01-01', uHeight: 42 }, room: { name: 'DH1' }, site: { code: 'PHX1' } });
    expect(device.type).toMatchObject({ slug: 'dgx-h100', uHeight: 8, accelCount: 8 });
    expect(device.acceleratorList.map((a) => a.slot)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(device.acceleratorList[0]?.uuid).toMatch(/^GPU-/);
    expect(device.history[0]).toMatchObject({ action: 'update', reason: 'fan fault', actor: ACTOR });
    const types = await call('catalog.deviceTypes', {});
    expect(types.find((t) => t.slug === 'apc-ap8886')).toMatchObject({ uHeight: 0, category: 'pdu' });
    const history = await call('history.entity', { entity: 'device', entityId: id });
    expect(history).toHaveLength(1);
  });
});
