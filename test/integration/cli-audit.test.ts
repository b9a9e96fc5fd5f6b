import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk, runJson } from '../support/cli';
import { tempDir } from '../support/temp';

let dir: string;
let cleanup: () => void;
let db: string;
let audit: string;
let rackTag: string;
let deviceTags: string[];
let strayTag: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('floorwalk-cli-audit-'));
  db = path.join(dir, 'audit.db');
  const demo = runFloorwalk(['--db', db, 'demo', '--accelerators', '800', '--seed', '1']);
  expect(demo.code, demo.stderr).toBe(0);
  const conn = new Database(db, { readonly: true });
  const racks = conn.prepare("SELECT r.id, r.asset_tag FROM racks r JOIN rooms rm ON rm.id = r.room_id JOIN sites s ON s.id = rm.site_id WHERE s.code = 'PHX1' AND rm.name = 'DH1' ORDER BY r.id LIMIT 2").all() as Array<{ id: number; asset_tag: string }>;
  rackTag = racks[0]!.asset_tag;
  deviceTags = conn.prepare('SELECT asset_tag FROM devices WHERE rack_id = ? ORDER BY id').pluck().all(racks[0]!.id) as string[];
  strayTag = conn.prepare('SELECT asset_tag FROM devices WHERE rack_id = ? AND u_position IS NULL LIMIT 1').pluck().get(racks[1]!.id) as string;
  conn.close();
});
afterAll(() => cleanup());

const fw = (...args: string[]) => runFloorwalk(['--db', db, ...args]);
const json = <T>(...args: string[]) => runJson<T>(['--db', db, ...args]);

describe('floorwalk audit (CLI)', () => {
  it('start --json answers exactly {audit, expected}', () => {
    const started = json<{ audit: string; expected: number }>('audit', 'start', '--room', 'PHX1/DH1', '--by', 'Ana', '--gpus');
    expect(Object.keys(started).sort()).toEqual(['audit', 'expected']);
    expect(started.audit).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(started.expected).toBeGreaterThan(0);
    audit = started.audit;
  });

  it('start refuses wrong usage with exit 2 and an unknown room with exit 1', () => {
    expect(fw('audit', 'start', '--room', 'PHX1/DH1').code).toBe(2);
    expect(fw('audit', 'start', '--room', 'PHX1/DH1', '--site', 'PHX1', '--by', 'Ana').code).toBe(2);
    const missing = fw('audit', 'start', '--room', 'NOPE/DH9', '--by', 'Ana');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No room "NOPE\/DH9"/);
  });

  it('scan --json classifies each code: rack, matched, misplaced, unknown, duplicate', () => {
    expect(json<{ result: string }>('audit', 'scan', audit, rackTag).result).toBe('rack');
    for (const tag of deviceTags) expect(json<{ result: string }>('audit', 'scan', audit, tag).result).toBe('matched');
    const misplaced = json<{ result: string; expected: { rack: string }; message: string }>('audit', 'scan', audit, strayTag);
    expect(misplaced.result).toBe('misplaced');
    expect(misplaced.message).toContain(misplaced.expected.rack);
    expect(json<{ result: string }>('audit', 'scan', audit, 'NO-SUCH-TAG').result).toBe('unknown');
    expect(json<{ result: string; firstSeen: { rack: string } }>('audit', 'scan', audit, deviceTags[0]!)).toMatchObject({ result: 'duplicate' });
    const failed = fw('audit', 'scan', 'NOTANAUDITNOTANAUDITNOTANA', rackTag);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/No audit/);
    expect(fw('audit', 'scan', audit).code).toBe(2);
  });

  it('done lists what is missing in the rack', () => {
    const done = json<{ rack: { done: boolean }; missing: unknown[] }>('audit', 'done', audit, rackTag);
    expect(done.rack.done).toBe(true);
    expect(Array.isArray(done.missing)).toBe(true);
  });

  it('finish --json answers the counts with lists under details', () => {
    const recon = json<Record<string, unknown> & { details: Record<string, unknown[]> }>('audit', 'finish', audit);
    expect(Object.keys(recon).sort()).toEqual(['details', 'duplicates', 'matched', 'misplaced', 'missing', 'rma', 'unknown']);
    expect(recon).toMatchObject({ matched: deviceTags.length, misplaced: 1, unknown: 1, duplicates: 1, rma: 0 });
    expect(Object.keys(recon.details).sort()).toEqual(['duplicates', 'matched', 'misplaced', 'missing', 'rma', 'unknown']);
    expect(recon.details['misplaced']).toHaveLength(1);
    expect(fw('audit', 'scan', audit, rackTag).code).toBe(1);
  });

  it('decide, then apply as one change set; a second apply fails', () => {
    const decided = json<{ decision: string; typeId: number }>('audit', 'decide', audit, 'unknown:NO-SUCH-TAG', 'accept', '--type', 'dell-r760', '--u', '36');
    expect(decided.decision).toBe('accept');
    expect(fw('audit', 'decide', audit, 'unknown:NO-SUCH-TAG', 'maybe').code).toBe(2);
    expect(fw('audit', 'decide-all', audit, 'accept', '--kind', 'gpu').code).toBe(2);
    // Nothing is pre-accepted as missing: the GPUs of the walked rack, never scanned, are accepted in bulk.
    const bulk = json<{ decided: number; skipped: unknown[] }>('audit', 'decide-all', audit, 'accept', '--category', 'missing', '--kind', 'accelerator', '--rack', rackTag);
    const applied = json<{ changeSet: string; moved: number; added: number; markedMissing: number; changes: number; summary: string }>('audit', 'apply', audit);
    expect(applied.markedMissing).toBe(bulk.decided);
    expect(applied.summary).toBe(`0 devices marked missing, ${bulk.decided} GPUs marked missing, 1 device moved, 0 GPUs moved, 1 device added`);
    const conn = new Database(db, { readonly: true });
    const gpus = conn.prepare('SELECT count(*) FROM accelerators g JOIN devices d ON d.id = g.device_id JOIN racks r ON r.id = d.rack_id WHERE r.asset_tag = ?').pluck().get(rackTag);
    expect(applied).toMatchObject({ changeSet: `audit:${audit}`, moved: 1, added: 1, markedMissing: gpus, changes: applied.moved + applied.added + applied.markedMissing });
    const sets = conn.prepare('SELECT change_set FROM change_log ORDER BY id DESC LIMIT ?').pluck().all(applied.changes + 1);
    conn.close();
    expect(sets.slice(0, applied.changes)).toEqual(Array(applied.changes).fill(`audit:${audit}`));
    expect(sets[applied.changes]).not.toBe(`audit:${audit}`);
    const again = fw('audit', 'apply', audit);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already applied/);
  });

  it('report writes HTML or CSV by the extension of --out', () => {
    const html = path.join(dir, 'report.html');
    const csv = path.join(dir, 'report.csv');
    expect(json<{ format: string }>('audit', 'report', audit, '--out', html).format).toBe('html');
    expect(json<{ format: string }>('audit', 'report', audit, '--out', csv).format).toBe('csv');
    expect(fs.readFileSync(html, 'utf8')).toContain('<svg');
    expect(fs.readFileSync(csv, 'utf8')).toMatch(/^\ufeffcategory,code/);
    expect(fw('audit', 'report', audit, '--out', path.join(dir, 'report.pdf')).code).toBe(2);
    expect(fw('audit', 'report', audit).code).toBe(2);
  });

  it('export then import: once merges nothing new into the same database; a foreign inventory is refused', () => {
    const file = path.join(dir, 'bundle.json');
    const exported = json<{ out: string; scans: number; hash: string }>('audit', 'export', audit, '--out', file);
    expect(exported.out).toBe(file);
    expect(json<{ unchanged: boolean }>('audit', 'import', file).unchanged).toBe(true);

    const other = path.join(dir, 'other.db');
    expect(runFloorwalk(['--db', other, 'demo', '--accelerators', '800', '--seed', '1']).code).toBe(0);
    const refused = runFloorwalk(['--db', other, 'audit', 'import', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/comes from another inventory/);
  });

  it('labels and list', () => {
    const out = path.join(dir, 'labels.html');
    const labels = json<{ labels: number }>('audit', 'labels', '--room', 'PHX1/DH1', '--out', out);
    expect(labels.labels).toBeGreaterThan(0);
    expect((fs.readFileSync(out, 'utf8').match(/<svg /g) ?? []).length).toBe(labels.labels);
    const list = json<Array<{ id: string; state: string }>>('audit', 'list');
    expect(list.find((a) => a.id === audit)?.state).toBe('applied');
    expect(fw('audit', 'labels', '--out', out).code).toBe(2);
  });
});
