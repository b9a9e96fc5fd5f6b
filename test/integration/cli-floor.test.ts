import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk, runJson } from '../support/cli';
import { tempDir } from '../support/temp';

let dir: string;
let cleanup: () => void;
let db: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('floorwalk-cli-floor-'));
  db = path.join(dir, 'floor.db');
  const demo = runFloorwalk(['--db', db, 'demo', '--accelerators', '2000', '--seed', '3']);
  expect(demo.code, demo.stderr).toBe(0);
});
afterAll(() => cleanup());

interface RenderJson {
  room: string;
  roomId: number;
  out: string;
  format: string;
  colorBy: string;
  racks: number;
  bytes: number;
}

describe('floorwalk render floor', () => {
  it('writes an SVG of the room with every rack, and reports it as JSON', () => {
    const out = path.join(dir, 'dh1.svg');
    const result = runJson<RenderJson>(['--db', db, 'render', 'floor', '--room', 'PHX1/DH1', '--out', out, '--color-by', 'status']);
    expect(Object.keys(result).sort()).toEqual(['bytes', 'colorBy', 'format', 'out', 'racks', 'room', 'roomId']);
    expect(result).toMatchObject({ room: 'PHX1/DH1', format: 'svg', colorBy: 'status', out });
    const svg = fs.readFileSync(out, 'utf8');
    expect(result.bytes).toBe(Buffer.byteLength(svg));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((svg.match(/data-rack-id=/g) ?? []).length).toBe(result.racks);
    expect(result.racks).toBeGreaterThan(0);
    expect(svg).toContain('Floor map PHX1 / DH1');
  });

  it('writes a PNG without a browser, by room id, with the default colouring', () => {
    const out = path.join(dir, 'dh1.png');
    const result = runJson<RenderJson>(['--db', db, 'render', 'floor', '--room', '1', '--out', out]);
    expect(result).toMatchObject({ roomId: 1, format: 'png', colorBy: 'power' });
    const png = fs.readFileSync(out);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR: width and height, big-endian, right after the signature and chunk header.
    expect(png.readUInt32BE(16)).toBeGreaterThan(600);
    expect(png.readUInt32BE(20)).toBeGreaterThan(400);
  });

  it('prints a one-line sentence for the human form', () => {
    const out = path.join(dir, 'inlet.svg');
    const run = runFloorwalk(['--db', db, 'render', 'floor', '--room', 'PHX1/DH1', '--out', out, '--color-by', 'inlet']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote .*inlet\.svg \(SVG, \d+ KiB\): PHX1\/DH1, \d+ racks coloured by inlet \(No inlet temperatures yet/);
  });

  it('fails with exit 1 and one line naming the problem for a room that does not exist or is ambiguous', () => {
    const missing = runFloorwalk(['--db', db, 'render', 'floor', '--room', 'NOPE/DH7', '--out', path.join(dir, 'x.svg')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/No room "NOPE\/DH7"/);
    expect(fs.existsSync(path.join(dir, 'x.svg'))).toBe(false);

    const ambiguous = runFloorwalk(['--db', db, 'render', 'floor', '--room', 'DH1', '--out', path.join(dir, 'x.svg')]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr.trim().split('\n')).toHaveLength(1);
    expect(ambiguous.stderr).toMatch(/names \d rooms: .*Use SITE\/ROOM/);
  });

  it('fails with exit 2 on wrong usage', () => {
    expect(runFloorwalk(['--db', db, 'render', 'floor', '--out', path.join(dir, 'x.svg')]).code).toBe(2);
    expect(runFloorwalk(['--db', db, 'render', 'floor', '--room', '1', '--out', path.join(dir, 'x.pdf')]).stderr).toMatch(/must end in .svg or .png/);
    const badColour = runFloorwalk(['--db', db, 'render', 'floor', '--room', '1', '--out', path.join(dir, 'x.svg'), '--color-by', 'mood']);
    expect(badColour.code).toBe(2);
    expect(badColour.stderr).toMatch(/--color-by takes one of power, gpus, status, audit, inlet, gpu-temp/);
  });

  it('fails with exit 1 when the file cannot be written', () => {
    const run = runFloorwalk(['--db', db, 'render', 'floor', '--room', '1', '--out', path.join(dir, 'no-such-folder', 'x.svg')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Cannot write .*x\.svg: ENOENT/);
  });
});
