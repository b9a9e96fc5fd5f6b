import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CLI_BIN, REPO_ROOT, tempDir } from './temp';
import { runFloorwalk } from './cli';

/** The technician a test console's database names unless the test asks otherwise. */
export const E2E_TECHNICIAN = 'E2E Technician';

export const CHROMIUM_PATH = process.env['FLOORWALK_CHROMIUM'] ?? '/usr/bin/chromium';

/** Flags for Debian's Chromium on a machine with no network and no GPU. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningConsole {
  readonly url: string;
  readonly dbPath: string;
  readonly dir: string;
  stop(): Promise<void>;
}

/**
 * Starts the real console in browser mode (`floorwalk serve`, a child process, the built bundles) on a
 * fresh demo database, and returns its tokened URL.
 */
export async function startConsole(options: { accelerators?: number; seed?: number; dbPath?: string; technician?: string | null } = {}): Promise<RunningConsole> {
  const { dir, cleanup } = tempDir('floorwalk-e2e-');
  const dbPath = options.dbPath ?? path.join(dir, 'e2e.db');
  if (!options.dbPath) {
    const demo = runFloorwalk(['--db', dbPath, 'demo', '--accelerators', String(options.accelerators ?? 4000), '--seed', String(options.seed ?? 7)]);
    if (demo.code !== 0) throw new Error(`demo failed: ${demo.stderr}`);
  }
  // The console asks for the technician's name before its first write; a test that is not about that
  // starts on a database that already names one (pass `technician: null` to see the question).
  const technician = options.technician === undefined ? E2E_TECHNICIAN : options.technician;
  if (technician !== null) {
    const raw = new Database(dbPath);
    raw.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('technician', ?)").run(technician);
    raw.close();
  }
  const child: ChildProcess = spawn(process.execPath, [CLI_BIN, '--db', dbPath, 'serve', '--json'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      try {
        const parsed = JSON.parse(out) as { url: string };
        clearTimeout(timer);
        resolve(parsed.url);
      } catch {
        // not the whole JSON yet
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${err}`));
    });
  });
  return {
    url,
    dbPath,
    dir,
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
      cleanup();
    },
  };
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium through playwright-core, with a throwaway profile; never a downloaded browser. */
export async function openBrowser(viewport = { width: 1440, height: 900 }): Promise<Browser> {
  const { dir, cleanup } = tempDir('floorwalk-chromium-');
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      cleanup();
    },
  };
}

/** Saves a screenshot under test/e2e/screenshots (git-ignored) so a person can look at every screen. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(REPO_ROOT, 'test', 'e2e', 'screenshots', `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Rows of a query on a test console's database, read-only beside the running console. */
export function queryDb<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** U numbers taken on either face of a rack (so a free one is free front and rear alike), and its height. */
export function takenUnits(dbPath: string, rackId: number): { taken: Set<number>; height: number } {
  const rows = queryDb<{ u: number; h: number }>(
    dbPath,
    'SELECT d.u_position AS u, t.u_height AS h FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.rack_id = ? AND d.u_position IS NOT NULL',
    rackId,
  );
  const height = queryDb<{ u_height: number }>(dbPath, 'SELECT u_height FROM racks WHERE id = ?', rackId)[0]?.u_height ?? 0;
  const taken = new Set<number>();
  for (const row of rows) for (let u = row.u; u < row.u + row.h; u += 1) taken.add(u);
  return { taken, height };
}

/** The lowest U with `size` free Us from it upwards, on both faces. */
export function firstFreeRun(dbPath: string, rackId: number, size: number): number {
  const { taken, height } = takenUnits(dbPath, rackId);
  for (let u = 1; u + size - 1 <= height; u += 1) {
    let free = true;
    for (let k = u; k < u + size; k += 1) if (taken.has(k)) free = false;
    if (free) return u;
  }
  throw new Error(`rack ${rackId} has no ${size}U gap`);
}
