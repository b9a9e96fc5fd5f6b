import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CLI_BIN, REPO_ROOT, tempDir } from './temp';
import { runFloorwalk } from './cli';

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
export async function startConsole(options: { accelerators?: number; seed?: number; dbPath?: string } = {}): Promise<RunningConsole> {
  const { dir, cleanup } = tempDir('floorwalk-e2e-');
  const dbPath = options.dbPath ?? path.join(dir, 'e2e.db');
  if (!options.dbPath) {
    const demo = runFloorwalk(['--db', dbPath, 'demo', '--accelerators', String(options.accelerators ?? 4000), '--seed', String(options.seed ?? 7)]);
    if (demo.code !== 0) throw new Error(`demo failed: ${demo.stderr}`);
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
