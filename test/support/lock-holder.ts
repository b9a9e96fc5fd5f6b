import { spawn } from 'node:child_process';
import { REPO_ROOT } from './temp';

/** A second process that holds the database's write lock until told to let go (a line on its stdin). */
export async function holdWriteLock(file: string, onCleanup: (cleanup: () => void) => void): Promise<{ release: () => void; done: Promise<number> }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  onCleanup(() => child.kill());
  const done = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.on('exit', () => reject(new Error('the lock holder exited before locking')));
  });
  return { release: () => child.stdin.write('go\n'), done };
}
