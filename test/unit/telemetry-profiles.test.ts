import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { detectTelemetry, importTelemetry } from '../../app/telemetry/import';
import { headerFingerprint } from '../../app/telemetry/profiles/fingerprint';
import { deleteProfile, listProfiles, saveProfile } from '../../app/telemetry/profiles/profiles';
import { testDb } from '../support/db';

/** Profiles: a corrected map saved under a name, offered for the next file whose header fingerprint matches. */

let db: Db;
let cleanup: () => void;
let rack: { site: string; room: string; name: string };

beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 5 }));
  rack = db.prepare('SELECT s.code AS site, rm.name AS room, r.name FROM racks r JOIN rooms rm ON rm.id = r.room_id JOIN sites s ON s.id = rm.site_id ORDER BY r.id LIMIT 1').get() as typeof rack;
});
afterAll(() => cleanup());

/** "Kanal 1" holds °F inlet temperatures that detection cannot place; "Kanal 2" a humidity it cannot either. */
function file(header: string, minute: number): string {
  return [header, `${rack.site},${rack.room},${rack.name},2026-07-14T08:${String(minute).padStart(2, '0')}:00Z,77.0,40,31.5`].join('\n');
}
const HEADER = 'Site,Room,Cabinet,Timestamp,Kanal 1,Kanal 2,Power (kW)';

const stored = (metric: string): number[] =>
  db.prepare('SELECT r.value FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id WHERE m.name = ? ORDER BY r.ts').pluck().all(metric) as number[];

describe('telemetry profiles', () => {
  it('fingerprints a header whatever its spacing, quotes and BOM, and tells other headers apart', () => {
    const a = headerFingerprint(HEADER.split(','));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(headerFingerprint(['\ufeffSite', ' Room', '"Cabinet"', 'Timestamp', 'Kanal  1', 'Kanal 2', 'Power (kW) '])).toBe(a);
    expect(headerFingerprint(HEADER.toUpperCase().split(','))).not.toBe(a);
    expect(headerFingerprint(['Site', 'Room', 'Cabinet', 'Timestamp', 'Kanal 2', 'Kanal 1', 'Power (kW)'])).not.toBe(a);
    expect(headerFingerprint(['', ' '])).toBeNull();
  });

  it('an import saves its corrections as a profile; the next file with that header is offered it', async () => {
    const first = await importTelemetry(db, { source: { text: file(HEADER, 0), name: 'probe-a.csv' }, map: ['Kanal 1=inlet_temp_c:F', 'Kanal 2=humidity_pct'], saveProfile: 'kanal probes' }, { actor: 'test' });
    expect(first.savedProfile).toBe('kanal probes');
    expect(stored('inlet_temp_c')).toEqual([25]);
    const [profile] = listProfiles(db);
    expect(profile).toMatchObject({ name: 'kanal probes', format: 'rack-env', map: ['Kanal 1=inlet_temp_c:F', 'Kanal 2=humidity_pct'], fingerprint: headerFingerprint(HEADER.split(',')), uses: 0, actor: 'test' });

    // Same columns, re-saved by a spreadsheet with a BOM and padded cells: offered, not applied by itself.
    const next = `\ufeff${file(HEADER.replace(/,/g, ', '), 1)}`;
    const offered = await detectTelemetry(db, { source: { text: next, name: 'probe-b.csv' } });
    expect(offered.profiles.map((p) => p.name)).toEqual(['kanal probes']);
    expect(offered.profile).toBeNull();
    expect(offered.columns.find((c) => c.column === 'Kanal 1')).toMatchObject({ use: 'ignored' });

    // Applied, it reads the columns as corrected.
    const other = file(HEADER, 2);
    const applied = await detectTelemetry(db, { source: { text: other, name: 'probe-c.csv' }, profile: 'kanal probes' });
    expect(applied.profile).toBe('kanal probes');
    expect(applied.map).toEqual(['Kanal 1=inlet_temp_c:F', 'Kanal 2=humidity_pct']);
    expect(applied.columns.find((c) => c.column === 'Kanal 1')).toMatchObject({ use: 'metric', metric: 'inlet_temp_c', fromUnit: 'F' });
    const imported = await importTelemetry(db, { source: { text: other, name: 'probe-c.csv' }, profile: 'kanal probes' }, { actor: 'test' });
    expect(imported.profile).toBe('kanal probes');
    expect(stored('inlet_temp_c')).toEqual([25, 25]);
    expect(stored('humidity_pct')).toEqual([40, 40]);
    expect(listProfiles(db)[0]?.uses).toBe(1);
  });

  it('an explicit --map correction wins over the profile for its column', async () => {
    const result = await importTelemetry(db, { source: { text: file(HEADER, 3), name: 'probe-d.csv' }, profile: 'kanal probes', map: ['Kanal 1=inlet_temp_c'] }, { actor: 'test' });
    expect(result.readings).toBe(3);
    expect(stored('inlet_temp_c')).toEqual([25, 25, 77]);
  });

  it('refuses an unknown profile, a bad name, a map its header lacks, and a format without columns to correct', async () => {
    await expect(detectTelemetry(db, { source: { text: file(HEADER, 4), name: 'x.csv' }, profile: 'nope' })).rejects.toThrow(/No telemetry profile "nope"; the profiles are: kanal probes/);
    expect(() => saveProfile(db, { name: '../etc', format: 'rack-env', header: ['a'], map: [] }, 'test')).toThrow(/not a profile name/);
    expect(() => saveProfile(db, { name: 'x', format: 'rack-env', header: ['Time', 'A'], map: ['B=ignore'] }, 'test')).toThrow(/does not have; its columns are: Time, A/);
    expect(() => saveProfile(db, { name: 'x', format: 'long', header: ['timestamp', 'target', 'metric', 'value'], map: [] }, 'test')).toThrow(/names its metric in each row/);
    const long = 'timestamp,target,metric,value\n2026-07-14T08:00:00Z,r1,inlet_temp_c,20\n';
    const before = (db.prepare('SELECT count(*) FROM telemetry_imports').pluck().get() as number);
    await expect(importTelemetry(db, { source: { text: long, name: 'l.csv' }, saveProfile: 'long one' }, { actor: 'test' })).rejects.toThrow(/names its metric in each row/);
    expect(db.prepare('SELECT count(*) FROM telemetry_imports').pluck().get()).toBe(before);
  });

  it('replaces a profile saved again under its name, and deletes one', () => {
    const again = saveProfile(db, { name: 'KANAL PROBES', format: 'rack-env', header: HEADER.split(','), map: ['Kanal 2=ignore'], timezone: 'Europe/Berlin' }, 'tech2');
    expect(again).toMatchObject({ name: 'kanal probes', map: ['Kanal 2=ignore'], timezone: 'Europe/Berlin', actor: 'tech2', uses: 2 });
    expect(listProfiles(db)).toHaveLength(1);
    expect(deleteProfile(db, 'kanal probes')).toEqual({ deleted: true });
    expect(deleteProfile(db, 'kanal probes')).toEqual({ deleted: false });
  });
});
