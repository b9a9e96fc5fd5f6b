import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/db/open';
import { runCli } from '../../main/cli/cli';
import { writeFirstStartDemo } from '../../main/first-start';
import { tempDir } from '../support/temp';

const temp = tempDir();
afterAll(() => temp.cleanup());
const quiet = { out: (): void => undefined, err: (): void => undefined };

describe('first start writes the demo to a temporary file', () => {
  it('renames the demo into place only when it is complete', async () => {
    const dbPath = path.join(temp.dir, 'complete.db');
    let seenDuring: boolean | null = null;
    const code = await writeFirstStartDemo(dbPath, async (file) => {
      const result = await runCli(['demo', '--db', file, '--accelerators', '40'], quiet as never);
      seenDuring = fs.existsSync(dbPath);
      return result;
    });
    expect(code).toBe(0);
    expect(seenDuring).toBe(false);
    const db = openDatabase(dbPath);
    expect((db.prepare('SELECT count(*) AS n FROM accelerators').get() as { n: number }).n).toBeGreaterThan(0);
    db.close();
    expect(fs.readdirSync(temp.dir).filter((name) => name.startsWith('complete.db.first-start'))).toEqual([]);
  });

  it('a first start killed half-way leaves no database, so the next start writes the demo again', async () => {
    const dbPath = path.join(temp.dir, 'killed.db');
    await expect(writeFirstStartDemo(dbPath, (file) => {
      fs.writeFileSync(file, 'half a database');
      return Promise.reject(new Error('killed'));
    })).rejects.toThrow('killed');
    expect(fs.existsSync(dbPath)).toBe(false);
    // A kill the process could not catch leaves its temp file; the next start removes it and starts over.
    fs.writeFileSync(`${dbPath}.first-start.tmp`, 'half a database');
    expect(await writeFirstStartDemo(dbPath, (file) => runCli(['demo', '--db', file, '--accelerators', '40'], quiet as never))).toBe(0);
    expect(fs.existsSync(dbPath)).toBe(true);
  });
});
