import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder under the OS temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'floorwalk-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI_BIN = path.join(REPO_ROOT, 'main', 'cli', 'bin.js');
