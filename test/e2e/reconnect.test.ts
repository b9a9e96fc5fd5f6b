import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFile } from '../../main/server/session-token';
import { runFloorwalk } from '../support/cli';
import { openBrowser, screenshot, type Browser } from '../support/console';
import { holdWriteLock } from '../support/lock-holder';
import { readOnlyToThisProcess } from '../support/read-only';
import { serveChild, type ServeChild } from '../support/serve';
import { tempDir } from '../support/temp';

/**
 * Issue 12 in Chromium: browser mode survives a restart of `floorwalk serve`. The page shows
 * "reconnecting…" while the server is away and resumes by itself — same token (kept per database in a 0600
 * file), no reload. A read-only database shows its badge.
 */

let dir: string;
let cleanup: () => void;
let dbPath: string;
let sessionsDir: string;
let browser: Browser;
const servers: ServeChild[] = [];
const holders: Array<() => void> = [];

async function serve(db: string, port?: number): Promise<ServeChild> {
  const server = await serveChild(db, sessionsDir, port);
  servers.push(server);
  return server;
}

/** Gone at once, as a crash or a `kill -9` would leave it: no goodbye to the page. */
async function kill(server: ServeChild): Promise<void> {
  await server.kill();
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('floorwalk-e2e-reconnect-'));
  dbPath = path.join(dir, 'reconnect.db');
  sessionsDir = path.join(dir, 'sessions');
  const demo = runFloorwalk(['--db', dbPath, 'demo', '--accelerators', '400', '--seed', '7']);
  if (demo.code !== 0) throw new Error(demo.stderr);
  browser = await openBrowser({ width: 1366, height: 768 });
});

afterAll(async () => {
  for (const release of holders) release();
  for (const server of servers) await server.kill();
  await browser?.close();
  cleanup?.();
});

describe('browser mode survives a server restart (issue 12)', () => {
  it('shows "reconnecting…" while the server is away and resumes by itself after a restart, without a reload', async () => {
    const page = browser.page;
    const first = await serve(dbPath);
    await page.goto(first.url);
    await page.waitForSelector('.db-stats');
    expect(await page.locator('.connection-banner').count()).toBe(0);
    // A mark in the page's memory: a reload would wipe it.
    await page.evaluate(() => ((window as unknown as { reconnectMark: number }).reconnectMark = 42));

    await kill(first);
    const banner = page.locator('.connection-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toMatch(/^reconnecting…/);
    await screenshot(page, 'reconnecting-1366');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'reconnecting-1920');
    await page.setViewportSize({ width: 1366, height: 768 });

    // A request made while the server is away fails with a sentence, not a crash.
    await page.evaluate(() => (location.hash = '#/changes'));

    const second = await serve(dbPath);
    // The same database gets the same session: token and port from the 0600 file.
    expect(second.url).toBe(first.url);
    expect(fs.statSync(sessionFile(sessionsDir, dbPath)).mode & 0o777).toBe(0o600);
    await banner.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => (window as unknown as { reconnectMark?: number }).reconnectMark)).toBe(42);

    // The view asked again on its own once the server was back: the change log is on screen.
    await page.locator('.changes-table tbody tr').first().waitFor();
    expect(await page.locator('.view-changes .view-error').count()).toBe(0);
    // And a fresh request works: search answers through the reused token.
    await page.evaluate(() => (location.hash = '#/'));
    const search = page.locator('input.search-input');
    await search.fill('R01-01');
    await page.locator('[role="option"]').first().waitFor();
    expect(await page.locator('[role="option"]').count()).toBeGreaterThan(0);

    // A server with another token (its session file was removed) is a new session: the page says so.
    await kill(second);
    await banner.waitFor({ state: 'visible' });
    fs.rmSync(sessionFile(sessionsDir, dbPath));
    const third = await serve(dbPath, second.port);
    expect(third.url).not.toBe(first.url);
    await page.locator('.connection-banner.is-ended').waitFor();
    expect(await banner.textContent()).toMatch(/session ended/);
    await kill(third);
  });

  it('a database on read-only media shows the read-only badge and the console still searches it', async () => {
    const readOnly = readOnlyToThisProcess(dir, dbPath);
    try {
      const page = browser.page;
      const server = await serve(readOnly.file);
      await page.goto(server.url);
      const badge = page.locator('.readonly-badge');
      await badge.waitFor();
      expect(await badge.textContent()).toBe('read-only');
      expect(await badge.getAttribute('title')).toMatch(/read-only/);
      await page.waitForSelector('.db-stats');
      expect(await page.locator('.readonly-note').textContent()).toMatch(/^Read-only: (it is on a read-only file system|this user may not write it)/);
      await page.locator('input.search-input').fill('R01-01');
      await page.locator('[role="option"]').first().waitFor();
      await screenshot(page, 'read-only-badge-1366');
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.keyboard.press('Escape');
      await screenshot(page, 'read-only-badge-1920');
      await kill(server);
    } finally {
      readOnly.release();
    }
  });

  it('says "waiting for another Floorwalk process…" while a change waits for a CLI write, then the change lands', async () => {
    const page = browser.page;
    const server = await serve(dbPath);
    await page.goto(server.url);
    await page.waitForSelector('.db-stats');
    const holder = await holdWriteLock(dbPath, (release) => holders.push(release));
    // A change from the page, with the page's own session token.
    const write = page.evaluate(async () => {
      const response = await fetch('/api/device.update', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-floorwalk-token': sessionStorage.getItem('floorwalk.token') ?? '' },
        body: JSON.stringify({ id: 2, patch: { status: 'offline' }, reason: 'waits for the CLI' }),
      });
      return ((await response.json()) as { ok: boolean }).ok;
    });
    const banner = page.locator('.connection-banner.is-waiting');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/^waiting for another Floorwalk process…/);
    await screenshot(page, 'waiting-for-lock-1366');
    holder.release();
    expect(await write).toBe(true);
    expect(await holder.done).toBe(0);
    await page.locator('.connection-banner').waitFor({ state: 'detached' });
    await server.stop();
  });
});
