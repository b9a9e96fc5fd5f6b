import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const isRoot = process.getuid?.() === 0;

/**
 * A copy of `file` on a read-only file system (EROFS): a tmpfs under `root`, remounted read-only, as a
 * write-protected USB stick looks to SQLite. Root writes any file whatever its mode, so this is the way to
 * make media read-only for a test running as root. Null where mounting is not allowed.
 */
export function readOnlyMount(root: string, file: string): { dir: string; file: string; unmount: () => void } | null {
  const dir = path.join(root, 'ro-media');
  fs.mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'floorwalk-test', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const copy = path.join(dir, path.basename(file));
  fs.copyFileSync(file, copy);
  execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' });
  return { dir, file: copy, unmount: () => execFileSync('umount', [dir], { stdio: 'ignore' }) };
}

/** A 0444 copy of `file` in a 0555 folder under `root`: read-only to every user but root. */
export function writeProtectedCopy(root: string, file: string): { dir: string; file: string; restore: () => void } {
  const dir = path.join(root, 'protected');
  fs.mkdirSync(dir);
  const copy = path.join(dir, path.basename(file));
  fs.copyFileSync(file, copy);
  fs.chmodSync(copy, 0o444);
  fs.chmodSync(dir, 0o555);
  return { dir, file: copy, restore: () => fs.chmodSync(dir, 0o755) };
}

/** The database read-only to this very process: mounted read-only as root, write-protected otherwise. */
export function readOnlyToThisProcess(root: string, file: string): { file: string; release: () => void } {
  if (isRoot) {
    const mounted = readOnlyMount(root, file);
    if (!mounted) throw new Error('running as root but not allowed to mount a read-only tmpfs: no read-only media to test with');
    return { file: mounted.file, release: mounted.unmount };
  }
  const copy = writeProtectedCopy(root, file);
  return { file: copy.file, release: copy.restore };
}
