import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { callLocal } from '../../app/api/dispatch';
import type { HandlerContext } from '../../app/api/handlers/index';
import { testDb } from '../support/db';
import { rack, type RackFixture } from '../fixtures/audit/scenario';

/**
 * Issue 14's audit item: a GPU that left on an RMA case is not "missing", and a part that came in on one
 * (or that was pulled on one) is not "unknown". Driven through the contract, as the console and CLI do.
 */

let db: Db;
let cleanup: () => void;
let ctx: HandlerContext;
let r0: RackFixture;

beforeEach(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
  ctx = { db, dbPath: ':test:', actor: 'Niamh Byrne', caller: 'cli' };
  r0 = rack(db, 0);
});
afterEach(() => cleanup());

const BY = 'Niamh Byrne';
const serverOf = (gpu: RackFixture['gpus'][number]): RackFixture['devices'][number] => r0.devices.find((d) => d.id === gpu.deviceId)!;

/** A GPU-level audit of r0 in which every device is scanned, and every GPU except those left out. */
async function walk(audit: string, skipGpus: ReadonlySet<number>, extra: ReadonlyArray<{ after: number; code: string }> = []): Promise<void> {
  await callLocal(ctx, 'audit.scan', { audit, code: r0.assetTag });
  for (const d of r0.devices) {
    await callLocal(ctx, 'audit.scan', { audit, code: d.serial });
    for (const g of r0.gpus.filter((x) => x.deviceId === d.id && !skipGpus.has(x.id))) await callLocal(ctx, 'audit.scan', { audit, code: g.serial });
    for (const e of extra.filter((x) => x.after === d.id)) await callLocal(ctx, 'audit.scan', { audit, code: e.code });
  }
}

async function start(): Promise<string> {
  return (await callLocal(ctx, 'audit.start', { scope: { kind: 'racks', racks: [r0.assetTag] }, technician: BY, includeAccelerators: true })).audit;
}

describe('audits and RMA cases', () => {
  it('a GPU pulled on an open case during the audit is on the case, not missing; one without a case is missing', async () => {
    const [pulled, lost] = r0.gpus;
    const audit = await start();
    const opened = await callLocal(ctx, 'rma.open', { acceleratorId: pulled!.id, by: BY, reason: 'XID 79' });
    await walk(audit, new Set([pulled!.id, lost!.id]));
    const recon = await callLocal(ctx, 'audit.finish', { audit });
    expect(recon.details.missing.map((i) => i.item?.id)).toEqual([lost!.id]);
    expect(recon.rma).toBe(1);
    expect(recon.details.rma[0]).toMatchObject({ kind: 'left', caseId: opened.id, caseStatus: 'rma-open', code: pulled!.serial, item: { kind: 'accelerator', id: pulled!.id } });
    expect(recon.details.rma[0]?.note).toMatch(new RegExp(`^Out on RMA case ${opened.id} \\(open\\): pulled from slot ${pulled!.slot} of `));
    // Nothing to decide on for it: deciding on everything in bulk does not touch the case's GPU.
    await callLocal(ctx, 'audit.decideMany', { audit, decision: 'accept', category: 'missing' });
    const applied = await callLocal(ctx, 'audit.apply', { audit });
    expect(applied.markedMissingAccelerators).toBe(1);
    expect(db.prepare('SELECT status FROM accelerators WHERE id = ?').pluck().get(pulled!.id)).toBe('rma');
  });

  it('a swap recorded after the audit started leaves the old part on the case when neither part is scanned', async () => {
    const gpu = r0.gpus[2]!;
    const audit = await start();
    const opened = await callLocal(ctx, 'rma.open', { acceleratorId: gpu.id, by: BY });
    await callLocal(ctx, 'rma.swap', { caseId: opened.id, newSerial: 'NEW-GPU-0001', by: BY });
    await walk(audit, new Set([gpu.id]));
    const recon = await callLocal(ctx, 'audit.finish', { audit });
    expect(recon.missing).toBe(0);
    expect(recon.details.rma).toEqual([
      expect.objectContaining({ kind: 'left', caseId: opened.id, caseStatus: 'replaced', note: expect.stringMatching(/replaced in slot \d+ of .* by NEW-GPU-0001 after this audit started/) as unknown }),
    ]);
  });

  it('the part pulled on a case before the audit, scanned in the cage, is on the case, not unknown', async () => {
    const gpu = r0.gpus[3]!;
    const opened = await callLocal(ctx, 'rma.open', { acceleratorId: gpu.id, by: BY });
    await callLocal(ctx, 'rma.swap', { caseId: opened.id, newSerial: 'NEW-GPU-0002', by: BY });
    const audit = await start();
    // The audit expects the new part in the slot; it is scanned there, and the old one lies on top of the rack.
    await walk(audit, new Set([gpu.id]), [{ after: r0.devices[0]!.id, code: gpu.serial }, { after: serverOf(gpu).id, code: 'NEW-GPU-0002' }, { after: r0.devices[0]!.id, code: 'STRAY-123' }]);
    const recon = await callLocal(ctx, 'audit.finish', { audit });
    expect(recon.details.unknown.map((i) => i.code)).toEqual(['STRAY-123']);
    expect(recon.details.rma).toEqual([expect.objectContaining({ kind: 'left', code: gpu.serial, caseId: opened.id, caseStatus: 'replaced', item: null })]);
    expect(recon.missing).toBe(0);
  });

  it('a replacement scanned in the server of an open case, before the swap is recorded, is the replacement, not unknown', async () => {
    const gpu = r0.gpus[4]!;
    const opened = await callLocal(ctx, 'rma.open', { acceleratorId: gpu.id, by: BY });
    const audit = await start();
    // The new part is in the slot; the old one is gone. The technician scans the new one right after its server.
    await walk(audit, new Set([gpu.id]), [{ after: serverOf(gpu).id, code: 'NEW-GPU-0003' }]);
    const recon = await callLocal(ctx, 'audit.finish', { audit });
    expect(recon.details.unknown.map((i) => [i.code, i.to])).toEqual([]);
    const replacement = recon.details.rma.find((r) => r.kind === 'replacement');
    expect(replacement).toMatchObject({ code: 'NEW-GPU-0003', caseId: opened.id, caseStatus: 'rma-open' });
    expect(replacement?.note).toContain(`rma swap ${opened.id} --new NEW-GPU-0003`);
    // The old part, expected (frozen with the case open) and not seen, is on the case too.
    expect(recon.details.rma.find((r) => r.kind === 'left')).toMatchObject({ caseId: opened.id, item: { id: gpu.id } });
    expect(recon.missing).toBe(0);
    // The same code scanned in another server is unknown: the case is not that server's.
    const other = r0.devices.find((d) => d.id !== serverOf(gpu).id && r0.gpus.some((g) => g.deviceId === d.id))!;
    const audit2 = await start();
    await walk(audit2, new Set([gpu.id]), [{ after: other.id, code: 'NEW-GPU-0004' }]);
    const recon2 = await callLocal(ctx, 'audit.finish', { audit: audit2 });
    expect(recon2.details.unknown.map((i) => i.code)).toEqual(['NEW-GPU-0004']);
  });
});
