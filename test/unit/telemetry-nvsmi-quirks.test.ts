import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { detectTelemetry, importTelemetry } from '../../app/telemetry/import';
import { testDb } from '../support/db';
import { readFixture } from '../fixtures/telemetry/load';

/**
 * nvidia-smi as run across a fleet: pdsh `host: ` prefixes with `date` lines in the host's zone
 * abbreviation, GPUs nvidia-smi reports as `[GPU is lost]` / `[GPU requires reset]`, and snapshots with
 * no time at all.
 */

let db: Db;
let cleanup: () => void;

beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterAll(() => cleanup());

const times = (): string[] => (db.prepare('SELECT DISTINCT ts FROM telemetry_readings ORDER BY ts').pluck().all() as number[]).map((ts) => new Date(ts).toISOString());

describe('nvidia-smi fleet quirks', () => {
  it('reads date lines with zone abbreviations and lists lost GPUs as unreadable', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'nvsmi-pdsh-zones.txt'), name: 'fleet.txt' } }, { actor: 'test' });
    expect(result.format).toBe('nvidia-smi');
    expect(times()).toEqual(['2026-07-14T08:00:01.000Z']);
    expect(result.readings).toBe(4);
    expect(result.deadGpus.map((g) => g.message.replace(/^.*: /, ''))).toEqual(['[GPU is lost]', '[GPU requires reset]']);
    expect(result.deadGpus.map((g) => g.host)).toEqual(['phx1-dh1-r01-01-n1', 'phx1-dh1-r01-01-n2']);
    expect(result.ledger).toMatchObject({ cellsRead: 8, readings: 4, balanced: true });
    expect(result.ledger.skipped.reduce((a, b) => a + b.count, 0)).toBe(4);
  });

  it('stores a snapshot with no timestamp column and no date line at the file time, and says so', async () => {
    const uuid = db.prepare('SELECT uuid FROM accelerators ORDER BY id LIMIT 1').pluck().get() as string;
    const text = `uuid, temperature.gpu, power.draw [W]\n${uuid}, 62, 600.00 W\n`;
    const modifiedMs = Date.UTC(2026, 6, 15, 12, 30);
    const result = await importTelemetry(db, { source: { text, name: 'snapshot.csv', modifiedMs } }, { actor: 'test' });
    expect(result.readings).toBe(2);
    expect(result.notes.join(' ')).toMatch(/no timestamp column and no date line.*2026-07-15T12:30:00.000Z/);
    expect(result.firstAt).toBe('2026-07-15T12:30:00.000Z');
  });

  it('without a file time, a snapshot with no time is refused row by row with how to fix it', async () => {
    const uuid = db.prepare('SELECT uuid FROM accelerators ORDER BY id LIMIT 1').pluck().get() as string;
    const text = `uuid, temperature.gpu\n${uuid}, 62\n`;
    await expect(importTelemetry(db, { source: { text, name: 'no-time.csv' } }, { actor: 'test' })).rejects.toThrow(/add timestamp to --query-gpu/);
  });
});

// Last: it stores readings the tests above would count.
describe('nvidia-smi noheader under pdsh', () => {
  it('recognises pdsh noheader output whose fields --columns names, without --format', async () => {
    const text = readFixture(db, 'nvsmi-pdsh-noheader.txt');
    const detected = await detectTelemetry(db, { source: { text, name: 'pdsh.txt' }, columns: 'uuid,temperature.gpu,power.draw' });
    expect(detected.format).toBe('nvidia-smi');
    expect(detected.evidence).toBe('nvidia-smi rows without a header, 3 fields each as --columns names (pdsh host prefixes)');
    const result = await importTelemetry(db, { source: { text, name: 'pdsh.txt' }, columns: 'uuid,temperature.gpu,power.draw' }, { actor: 'test' });
    expect(result).toMatchObject({ format: 'nvidia-smi', rows: 3, readings: 5, rejected: 0 });
    expect(result.ledger.balanced).toBe(true);
    // Without --columns the same file is refused, naming what it looked like.
    await expect(detectTelemetry(db, { source: { text, name: 'pdsh.txt' } })).rejects.toThrow(/does not recognise this file/);
  });
});
