import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';
import { runJson } from '../support/cli';

/**
 * Issue 2 in a real browser: the console opens on a demo database, shows the site tree with counts, and
 * Ctrl+K search finds a GPU by serial, shows where it is, and jumps to its rack with the device picked.
 */

interface GpuRow {
  id: number;
  serial: string;
  slot: number;
  deviceId: number;
  hostname: string;
  rackId: number;
  rackName: string;
}

interface SiteRow {
  id: number;
  code: string;
  racks: number;
}

let running: RunningConsole;
let browser: Browser;

beforeAll(async () => {
  running = await startConsole({ accelerators: 4000, seed: 7 });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

function query<T>(sql: string): T[] {
  const db = new Database(running.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('console shell (issue 2)', () => {
  it('opens on the site tree with counts per site', async () => {
    const { page } = browser;
    await page.goto(running.url);
    const sites = query<SiteRow>('SELECT s.id, s.code, (SELECT count(*) FROM racks r JOIN rooms m ON m.id = r.room_id WHERE m.site_id = s.id) AS racks FROM sites s ORDER BY s.code');
    expect(sites.length).toBeGreaterThan(1);
    const first = sites[0]!;
    const item = page.locator(`#tree-s${first.id}`);
    await item.waitFor();
    const text = await item.innerText();
    expect(text).toContain(first.code);
    expect(text).toContain(`${first.racks} racks`);
    expect(await page.locator('[role="treeitem"].tree-site').count()).toBe(sites.length);
    // The token left the address bar once it was taken.
    expect(page.url()).not.toContain('token=');
    await screenshot(page, 'console-1-home');
  });

  it('walks the tree with the keyboard: Right opens a site, Down reaches its room, Enter opens the room', async () => {
    const { page } = browser;
    const site = query<SiteRow>('SELECT id, code, 0 AS racks FROM sites ORDER BY code LIMIT 1')[0]!;
    const room = query<{ id: number; name: string }>(`SELECT id, name FROM rooms WHERE site_id = ${site.id} ORDER BY name LIMIT 1`)[0]!;
    await page.locator('[role="tree"]').focus();
    await page.keyboard.press('Home');
    // The site may already be open from an earlier visit (the tree remembers); ArrowRight then moves in.
    if ((await page.locator(`#tree-s${site.id}`).getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[role="tree"]').getAttribute('aria-activedescendant')).toBe(`tree-m${room.id}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => window.location.hash === `#/room/${id}`, room.id);
    await page.locator('.vtable-row').first().waitFor();
    expect(await page.locator('.view-title').innerText()).toBe(room.name);
    await screenshot(page, 'console-2-room');
  });

  it('finds a GPU by serial with Ctrl+K, shows its path, and lands on its rack with the device highlighted', async () => {
    const { page } = browser;
    const gpu = query<GpuRow>(
      `SELECT a.id, a.serial, a.slot, d.id AS deviceId, d.hostname, rk.id AS rackId, rk.name AS rackName
       FROM accelerators a JOIN devices d ON d.id = a.device_id JOIN racks rk ON rk.id = d.rack_id
       WHERE a.serial IS NOT NULL ORDER BY a.id LIMIT 1 OFFSET 1234`,
    )[0]!;
    // The CLI agrees on where it is: the same search, the same path.
    const cliHits = runJson<Array<{ kind: string; id: number; path: string }>>(['--db', running.dbPath, 'search', gpu.serial]);
    const cliHit = cliHits.find((h) => h.kind === 'accelerator' && h.id === gpu.id);
    expect(cliHit).toBeDefined();

    // Focus is still in the tree; the shortcut works from anywhere.
    await page.keyboard.press('Control+k');
    const box = page.getByRole('combobox', { name: 'Search the inventory' });
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(gpu.serial);
    const hit = page.locator(`#hit-accelerator-${gpu.id}-serial`);
    await hit.waitFor();
    const hitText = await hit.innerText();
    expect(hitText).toContain(gpu.serial);
    expect(hitText).toContain(cliHit!.path);
    expect(hitText).toContain(`slot ${gpu.slot}`);
    await screenshot(page, 'console-3-search');

    await page.keyboard.press('Enter');
    await page.waitForFunction((g) => window.location.hash === `#/rack/${g.rackId}?device=${g.deviceId}&accel=${g.id}`, gpu);
    const front = page.locator('.elevation svg[data-face="front"]');
    await front.locator(`g.fw-device.fw-selected[data-device-id="${gpu.deviceId}"]`).waitFor();
    expect(await front.locator('.fw-selected-outline').count()).toBe(1);
    expect(await front.locator(`.fw-accel-selected[data-accelerator-id="${gpu.id}"]`).count()).toBe(1);
    // The device panel is open on it, with the GPU's row picked out in the accelerators table.
    const panel = page.locator('.device-panel');
    await panel.waitFor();
    expect(await panel.locator('.panel-title').innerText()).toBe(gpu.hostname);
    const row = page.locator(`#accel-${gpu.id}`);
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('is-selected');
    expect(await row.innerText()).toContain(gpu.serial);
    // The tree followed: the rack is the current node.
    expect(await page.locator(`#tree-k${gpu.rackId}`).getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'console-4-rack');
  });

  it('keeps the place on reload and goes back with the browser', async () => {
    const { page } = browser;
    const hash = await page.evaluate(() => window.location.hash);
    await page.reload();
    await page.locator('.device-panel .panel-title').waitFor();
    expect(await page.evaluate(() => window.location.hash)).toBe(hash);
    await page.goBack();
    await page.waitForFunction(() => window.location.hash.startsWith('#/room/'));
    await page.locator('.vtable-row').first().waitFor();
  });
});
