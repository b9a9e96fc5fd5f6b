import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/db/open';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/**
 * Issue 15 in a real browser: open a hall's Capacity tab, ask where one more liquid-cooled H200 server can
 * go, preview the best place (its before → after figures on the map and in the panel), commit it, and
 * find the planned device in the database.
 */

let server: RunningConsole;
let browser: Browser;
let roomId: number;

const plannedCount = (): number => {
  const db = openDatabase(server.dbPath, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM devices d JOIN racks r ON r.id = d.rack_id WHERE r.room_id = ? AND d.status = 'planned'").pluck().get(roomId) as number;
  } finally {
    db.close();
  }
};

/** The console's tokened URL opened on a route: the token rides in the fragment after the route. */
const routeUrl = (route: string): string => {
  const url = new URL(server.url);
  return `${url.origin}/#${route}&${url.hash.slice(1)}`;
};

beforeAll(async () => {
  server = await startConsole({ accelerators: 4000, seed: 7 });
  const db = openDatabase(server.dbPath, { readonly: true });
  try {
    roomId = db.prepare("SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'DUB2' AND rm.name = 'DH1'").pluck().get() as number;
  } finally {
    db.close();
  }
  browser = await openBrowser({ width: 1920, height: 1080 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('capacity what-if placement', () => {
  it('ranks places for one H200 LCC server, previews the best, and commits it as a planned device', async () => {
    const { page } = browser;
    await page.goto(routeUrl(`/room/${roomId}/capacity`));
    await page.waitForSelector('[data-testid="capacity-map"]', { timeout: 20_000 });
    const racksOnMap = await page.locator('[data-testid="capacity-map"] rect[data-rack]').count();
    expect(racksOnMap).toBeGreaterThan(10);
    await expect.poll(() => page.locator('[data-testid="failover-summary"]').textContent()).toMatch(/elements/);

    await page.selectOption('[data-testid="whatif-type"]', 'smc-hgx-h200-lcc');
    await page.fill('[data-testid="whatif-count"]', '1');
    await page.click('[data-testid="whatif-find"]');
    await page.waitForSelector('[data-testid="whatif-candidates"] li');
    const summary = (await page.locator('[data-testid="whatif-summary"]').textContent()) ?? '';
    expect(summary).toMatch(/1 × Supermicro .* \d+ place\(s\) fit, \d+ do not/);
    const effect = page.locator('[data-testid="whatif-effect"]');
    await expect.poll(() => effect.textContent()).toMatch(/Effect on R\d\d-\d\d before committing/);
    // The map outlines the previewed rack.
    expect(await page.locator('[data-testid="capacity-map"] rect.cap-preview').count()).toBe(1);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'capacity-whatif-1920');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot(page, 'capacity-whatif-1366');

    const before = plannedCount();
    await page.click('[data-testid="whatif-commit"]');
    await expect.poll(plannedCount, { timeout: 10_000 }).toBe(before + 1);
    await page.click('text=B loss');
    await screenshot(page, 'capacity-b-loss-1366');
  });

  it('the power chain tab lists the elements and the rack feeds', async () => {
    const { page } = browser;
    // The page is already open (and holds its session): a new hash is a navigation inside it.
    await page.evaluate((hash) => (window.location.hash = hash), `#/room/${roomId}/power`);
    await page.waitForSelector('[data-testid="chain-elements"] tbody tr');
    expect(await page.locator('[data-testid="chain-elements"] input[aria-label="Name"]').first().inputValue()).toBe('UTIL-A');
    expect(await page.locator('[data-testid="chain-feeds"] tbody tr').count()).toBeGreaterThan(10);
    await screenshot(page, 'power-chain-1366');
  });
});
