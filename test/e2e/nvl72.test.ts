import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFloorwalk } from '../support/cli';
import { openBrowser, queryDb, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/**
 * Issue 14 in a real browser: the demo's GB200 NVL72 hall on the floor map coloured by GPU health — each
 * rack an NVLink domain, the tray leak and the XID on the map — and the Health view's domain strip.
 */

let server: RunningConsole;
let browser: Browser;
let roomId = 0;

beforeAll(async () => {
  server = await startConsole({ accelerators: 10_000, seed: 7 });
  const dir = path.join(server.dir, 'telemetry');
  const written = runFloorwalk(['--db', server.dbPath, 'demo', '--telemetry-out', dir]);
  if (written.code !== 0) throw new Error(`demo --telemetry-out failed: ${written.stderr}`);
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('sin1-'));
  const imported = runFloorwalk(['--db', server.dbPath, 'import', 'telemetry', ...files.map((f) => path.join(dir, f)), '--json']);
  if (imported.code !== 0) throw new Error(`import telemetry failed: ${imported.stderr}`);
  roomId = queryDb<{ id: number }>(server.dbPath, `SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'SIN1' AND rm.name = 'NVL1'`)[0]?.id ?? 0;
  browser = await openBrowser({ width: 1366, height: 768 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('NVL72 hall', () => {
  it('colours the floor map by NVLink domain health and leaks, and lists the domains in Health', async () => {
    const { page } = browser;
    page.setDefaultTimeout(20_000);
    expect(roomId).toBeGreaterThan(0);
    await page.goto(server.url);
    await page.evaluate((hash) => (window.location.hash = hash), `#/room/${roomId}/floor`);
    await page.waitForSelector('canvas.floor-canvas[data-first-frame-at]', { timeout: 30_000 });
    await page.getByLabel('Colour racks by').selectOption('health');
    const legend = page.getByRole('group', { name: 'Legend' });
    await expect.poll(() => legend.textContent()).toContain('GPU health, NVLink domains and leaks');
    await expect.poll(() => legend.locator('.floor-legend-swatch').allTextContents()).toEqual([
      'leak at or feeding the rack 1',
      'NVL72 domain impaired (< 64 GPUs) 1',
      'GPU with a critical finding 1',
      'degraded domain or GPU warning 2',
      'no finding 11',
    ]);
    await screenshot(page, 'nvl72-floor-health-1366');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'nvl72-floor-health-1920');
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.evaluate((hash) => (window.location.hash = hash), `#/health?room=${roomId}`);
    const domains = page.getByTestId('health-domains');
    await domains.waitFor();
    expect(await domains.locator('.domain-impaired').allTextContents()).toEqual(['R02-03 60/72 impaired · 60/72 GPUs healthy (3 compute trays out of service)']);
    expect(await domains.locator('.domain-degraded').evaluateAll((els) => els.map((e) => e.getAttribute('data-rack')))).toEqual(['R01-02', 'R01-04', 'R02-06']);
    expect(await domains.locator('.domain-healthy').getAttribute('data-count')).toBe('12');
    // Scoped to the hall, a finding's place starts below the hall.
    expect(await page.getByTestId('health-findings').locator('tr[data-kind="xid"] .health-cell-path').textContent()).toMatch(/^R01-02 \/ U\d+ \/ sin1-nvl1-r01-02-c07 \/ GPU 1$/);
    await screenshot(page, 'nvl72-health-1366');
  });
});
