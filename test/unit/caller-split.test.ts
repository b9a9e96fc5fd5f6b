import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, REQUEST_NAMES } from '../../app/api/contract';
import { dispatch } from '../../app/api/dispatch';
import { testDb } from '../support/db';
import { tempDir } from '../support/temp';

const test = testDb({ demoAccelerators: 80 });
const scratch = tempDir();
afterAll(() => {
  test.cleanup();
  scratch.cleanup();
});

/** Every key a schema accepts, at any depth, so a path-like field cannot hide in a nested object or union. */
function fieldNames(schema: z.ZodType, seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const inner = (value: unknown): value is z.ZodType => typeof value === 'object' && value !== null && '_zod' in value;
  const names: string[] = [];
  if (def['type'] === 'object') {
    for (const [key, value] of Object.entries(def['shape'] as Record<string, z.ZodType>)) names.push(key, ...fieldNames(value, seen));
  }
  for (const value of Object.values(def)) {
    if (inner(value)) names.push(...fieldNames(value, seen));
    if (Array.isArray(value)) for (const item of value) if (inner(item)) names.push(...fieldNames(item, seen));
  }
  return names;
}

const PATH_FIELDS = ['path', 'out', 'outDir', 'file', 'dir'];

describe('requests split by caller', () => {
  it('no console schema accepts a field that names a file', () => {
    const offenders = REQUEST_NAMES.flatMap((name) => {
      const schema = contract[name].consoleInput;
      if (schema === null) return [];
      return fieldNames(schema)
        .filter((field) => PATH_FIELDS.includes(field))
        .map((field) => `${name}.${field}`);
    });
    expect(offenders).toEqual([]);
  });

  it('the CLI schema of every file-reading request still takes a path', () => {
    const withPath = REQUEST_NAMES.filter((name) => fieldNames(contract[name].input).includes('path'));
    expect(withPath).toEqual(expect.arrayContaining(['telemetry.import', 'telemetry.detect', 'inventory.import', 'audit.import']));
  });

  it('the console cannot read a file by path, the CLI can', async () => {
    const file = path.join(scratch.dir, 'sites.csv');
    fs.writeFileSync(file, 'name,code\nSecret hall,SEC1\n');
    const input = { kind: 'sites', source: { path: file }, dryRun: true };
    const consoleCtx = { db: test.db, dbPath: test.file, actor: 'page', caller: 'console' as const };
    await expect(dispatch(consoleCtx, 'inventory.import', input)).rejects.toMatchObject({ code: 'invalid_input' });
    // A context that does not say who called is the console.
    await expect(dispatch({ db: test.db, dbPath: test.file, actor: 'page' }, 'inventory.import', input)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const report = (await dispatch({ ...consoleCtx, caller: 'cli' }, 'inventory.import', input)) as { rows: number };
    expect(report.rows).toBe(1);
  });

  it('telemetry sources: /etc/passwd from the console never reaches the reader', async () => {
    const ctx = { db: test.db, dbPath: test.file, actor: 'page', caller: 'console' as const };
    for (const name of ['telemetry.detect', 'telemetry.import'] as const) {
      await expect(dispatch(ctx, name, { source: { path: '/etc/passwd' } })).rejects.toThrow(/source/);
    }
  });

  it('a CLI-only request is refused to the console with the reason, and runs for the CLI', async () => {
    const out = path.join(scratch.dir, 'copy.db');
    const ctx = { db: test.db, dbPath: test.file, actor: 'page', caller: 'console' as const };
    await expect(dispatch(ctx, 'db.backup', { out })).rejects.toThrow(/only the floorwalk CLI/);
    expect(fs.existsSync(out)).toBe(false);
    await dispatch({ ...ctx, caller: 'cli' }, 'db.backup', { out });
    expect(fs.statSync(out).size).toBeGreaterThan(0);
  });
});
