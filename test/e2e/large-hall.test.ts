import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/**
 * Issue 16: a 1,040-rack hall (40 rows of 24 GPU racks plus their network and storage racks, the demo's
 * largest hall shape) on the laptop and the desktop: the floor map keeps at least 70 % of a 1366×768
 * viewport and is saved to look at (row labels must not overlap), as is the Capacity tab of that hall.
 */
let running: RunningConsole;
let browser: Browser;
let roomId = 0;

beforeAll(async () => {
  // 125,000 GPUs over four sites gives Phoenix a full 40-row hall.
  running = await startConsole({ accelerators: 125_000, seed: 7 });
  browser = await openBrowser();
  const db = new Database(running.dbPath, { readonly: true, fileMustExist: true });
  try {
    const room = db
      .prepare('SELECT r.room_id AS id, count(*) AS racks FROM racks r GROUP BY r.room_id ORDER BY racks DESC LIMIT 1')
      .get() as { id: number; racks: number };
    expect(room.racks).toBe(1040);
    roomId = room.id;
  } finally {
    db.close();
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

describe('a 1,040-rack hall', () => {
  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    it(`draws its floor map and capacity at ${viewport.width}×${viewport.height}`, async () => {
      const { page } = browser;
      await page.setViewportSize(viewport);
      await page.goto(running.url);
      await page.evaluate((h) => (window.location.hash = h), `#/room/${roomId}/floor`);
      await page.locator('canvas.floor-canvas[data-first-frame-at]').first().waitFor({ timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      await screenshot(page, `large-hall-${viewport.width}-floor`);
      const share = await page.$eval('canvas.floor-canvas', (c) => {
        const r = c.getBoundingClientRect();
        return (r.width * r.height) / (window.innerWidth * window.innerHeight);
      });
      if (viewport.width === 1366) expect(share).toBeGreaterThanOrEqual(0.7);
      await page.evaluate((h) => (window.location.hash = h), `#/room/${roomId}/capacity`);
      await page.locator('[data-testid="capacity-map"]').first().waitFor({ timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      await screenshot(page, `large-hall-${viewport.width}-capacity`);
      expect(await page.locator('[data-testid="capacity-rows"] tbody tr').count()).toBe(40);
    }, 180_000);
  }
});
