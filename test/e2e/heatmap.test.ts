import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/db/open';
import { runFloorwalk } from '../support/cli';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/**
 * Issue 6 in a real browser: import the demo telemetry, open a hall's heatmap, move the time slider (the
 * field and the time follow), click a finding and land on its rack.
 */

let server: RunningConsole;
let browser: Browser;
let roomId: number;

beforeAll(async () => {
  server = await startConsole({ accelerators: 4000, seed: 7 });
  const dir = path.join(server.dir, 'telemetry');
  const written = runFloorwalk(['--db', server.dbPath, 'demo', '--telemetry-out', dir]);
  if (written.code !== 0) throw new Error(`demo --telemetry-out failed: ${written.stderr}`);
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
  const imported = runFloorwalk(['--db', server.dbPath, 'import', 'telemetry', ...files, '--json']);
  if (imported.code !== 0) throw new Error(`import telemetry failed: ${imported.stderr}`);
  const db = openDatabase(server.dbPath, { readonly: true });
  try {
    roomId = db.prepare("SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'PHX1' AND rm.name = 'DH1'").pluck().get() as number;
  } finally {
    db.close();
  }
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('cooling heatmap', () => {
  it('shows the field and findings, follows the slider, and opens the rack of a finding', async () => {
    const { page } = browser;
    const url = new URL(server.url);
    await page.goto(`${url.origin}/#/room/${roomId}&${url.hash.slice(1)}`);
    await page.getByRole('tab', { name: 'Heatmap' }).click();

    const view = page.getByTestId('heatmap-view');
    await view.waitFor();
    // The latest stop is painted (its field computed in the worker) and the findings are listed.
    await page.waitForFunction(() => {
      const v = document.querySelector<HTMLElement>('[data-testid="heatmap-view"]');
      return v !== null && v.dataset['shownIndex'] === v.dataset['index'] && Number(v.dataset['shownIndex']) > 0;
    });
    const findings = page.getByTestId('heatmap-findings');
    await findings.waitFor();
    expect(await page.locator('.hm-stats').innerText()).toMatch(/\(worker\)/);
    expect(await findings.locator('tr[data-kind="inlet_above_recommended"]').count()).toBe(2);
    expect(await findings.locator('tr[data-kind="gpu_throttle_thermal"]').count()).toBe(1);
    const legend = await page.locator('.floor-legend').innerText();
    expect(legend).toContain('A2 recommended');
    await screenshot(page, 'heatmap-latest');

    // Move the slider back an hour's worth of stops: the time and the painted stop follow.
    const slider = page.getByTestId('heatmap-slider');
    const lastIndex = Number(await view.getAttribute('data-index'));
    const timeBefore = await page.getByTestId('heatmap-time').innerText();
    await slider.focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((want) => {
      const v = document.querySelector<HTMLElement>('[data-testid="heatmap-view"]');
      return v !== null && v.dataset['index'] === String(want) && v.dataset['shownIndex'] === String(want);
    }, lastIndex - 12);
    expect(await page.getByTestId('heatmap-time').innerText()).not.toBe(timeBefore);
    // Space plays from there; it advances on its own.
    await page.keyboard.press(' ');
    await page.waitForFunction((from) => Number(document.querySelector<HTMLElement>('[data-testid="heatmap-view"]')?.dataset['index']) > from, lastIndex - 12);
    await page.keyboard.press(' ');
    await screenshot(page, 'heatmap-earlier');

    // A finding with a rack opens that rack.
    const row = findings.locator('tr[data-kind="gpu_throttle_thermal"]');
    const rackId = await row.getAttribute('data-rack-id');
    const rackName = (await row.locator('td.mono').innerText()).trim();
    await row.click();
    await page.waitForFunction((id) => window.location.hash.startsWith(`#/rack/${id}`), rackId);
    await page.getByRole('heading', { name: new RegExp(rackName) }).waitFor();
    await screenshot(page, 'heatmap-finding-rack');
  });
});
