import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { runFloorwalk, runJson } from '../support/cli';
import { tempDir } from '../support/temp';

/**
 * Issue 16: a PNG dropped on an import is refused before any parser runs (it used to import as a CSV of
 * 882 rows), through the CLI and the same core the console calls; a text file still imports.
 */

/** A real 16×16 PNG (signature, IHDR, IDAT, IEND with CRCs), written byte by byte. */
function pngBytes(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer): number => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(16, 0);
  ihdr.writeUInt32BE(16, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc(16 * (1 + 16 * 3), 0x7f);
  for (let y = 0; y < 16; y++) raw[y * 49] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

let dir: string;
let cleanup: () => void;
let db: string;
let png: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('floorwalk-sniff-'));
  db = path.join(dir, 'sniff.db');
  expect(runFloorwalk(['--db', db, 'demo', '--accelerators', '200', '--seed', '3']).code).toBe(0);
  png = path.join(dir, 'rack-photo.png');
  fs.writeFileSync(png, pngBytes());
});
afterAll(() => cleanup());

describe('content sniffing before parsing (issue 16)', () => {
  it('refuses a PNG given to the inventory import, naming what it is, and writes nothing', () => {
    const before = runJson<{ racks: number }>(['--db', db, 'stats']).racks;
    const run = runFloorwalk(['--db', db, '--json', 'import', 'inventory', png, '--kind', 'racks']);
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain('rack-photo.png is not a text file: it looks like a PNG image');
    expect(runJson<{ racks: number }>(['--db', db, 'stats']).racks).toBe(before);
  });

  it('refuses a PNG given to the telemetry import and to detection', () => {
    const run = runFloorwalk(['--db', db, '--json', 'import', 'telemetry', png]);
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain('is not a text file: it looks like a PNG image');
    const detect = runFloorwalk(['--db', db, 'telemetry', 'detect', png]);
    expect(detect.code).toBe(1);
    expect(detect.stderr).toContain('PNG image');
  });

  it('still imports a text CSV (a dry run of the sites it exported)', () => {
    const out = path.join(dir, 'sites.csv');
    expect(runFloorwalk(['--db', db, 'export', 'inventory', '--kind', 'sites', '--out', out]).code).toBe(0);
    const report = runJson<{ rows: number; errors: unknown[] }>(['--db', db, 'import', 'inventory', out, '--kind', 'sites', '--dry-run']);
    expect(report.errors).toEqual([]);
    expect(report.rows).toBeGreaterThan(0);
  });
});
