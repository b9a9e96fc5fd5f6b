import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJson } from '../support/cli';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';
import { tempDir } from '../support/temp';
import { startNetboxPeer, type NetboxPeer } from '../netbox/peer';
import { netboxGet } from '../netbox/rest';
import { netboxWrite, seedHall, type SeededSite } from '../netbox/seed';

/**
 * Issue 13 in a real browser against a real NetBox: the Sync page pulls a site with a token typed once (never
 * shown back), lists a local change, dry-runs and pushes it, and shows an object edited in NetBox meanwhile as
 * a conflict that is not overwritten.
 */
const PEER_START_TIMEOUT_MS = 20 * 60_000;
const FLOW_TIMEOUT_MS = 5 * 60_000;
/** A pull or push talks to NetBox, which answers slowly on a loaded 2-core machine. */
const POLL = { timeout: 60_000 };

let peer: NetboxPeer;
let hall: SeededSite;
let server: RunningConsole;
let browser: Browser;
const tmp = tempDir('fw-e2e-sync-');
const db = path.join(tmp.dir, 'sync.db');

beforeAll(async () => {
  peer = startNetboxPeer();
  hall = await seedHall(peer, 'e2e1', { locations: 2, racks: 4, devices: 8, gpusPerDevice: 2 });
  runJson(['init', '--db', db]);
  server = await startConsole({ dbPath: db });
  browser = await openBrowser({ width: 1366, height: 768 });
}, PEER_START_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  peer?.stop();
  tmp.cleanup();
});

describe('Sync page against a real NetBox', () => {
  it('pulls, shows a local change, pushes it away, and shows a conflict', async () => {
    const { page } = browser;
    page.setDefaultTimeout(30_000);
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Sync' }).click();
    await page.getByTestId('sync-url').fill(peer.url);
    await page.getByTestId('sync-token').fill(peer.token);
    await page.getByTestId('sync-site').fill('e2e1');
    await page.getByTestId('sync-pull').click();
    await expect.poll(async () => page.getByTestId('sync-last-pull').textContent(), POLL).toMatch(/^e2e1 · .* · 31 objects \(31 created, 0 updated, 0 unchanged\)/);
    // The token went in once: the field is empty, the page says it is saved, and it is nowhere in the page.
    expect(await page.getByTestId('sync-token').inputValue()).toBe('');
    expect(await page.getByTestId('sync-token').getAttribute('placeholder')).toMatch(/^saved/);
    const secret = peer.token.split('.')[1] ?? peer.token;
    expect(await page.content()).not.toContain(secret);
    await page.getByTestId('sync-no-changes').waitFor();

    // Offline work (the CLI on the same database), and a colleague's edit in NetBox meanwhile.
    runJson(['device', 'set', 'E2E1SN000001', '--status', 'failed', '--reason', 'PSU 2 dead, tagged', '--db', db]);
    runJson(['device', 'set', 'E2E1SN000002', '--status', 'offline', '--reason', 'drained for RMA', '--db', db]);
    await netboxWrite(peer, 'PATCH', `dcim/devices/${hall.deviceIds[2]}`, { status: 'planned' });
    await page.evaluate(() => (window.location.hash = '#/'));
    await page.evaluate(() => (window.location.hash = '#/sync'));
    const changes = page.getByTestId('sync-changes');
    await expect.poll(async () => changes.locator('tbody tr').count(), POLL).toBe(2);
    expect(await changes.locator(`tr[data-netbox-id="${hall.deviceIds[1]}"]`).textContent()).toMatch(/status active → failed.*PSU 2 dead, tagged/);

    await page.getByTestId('sync-dry-run').click();
    const run = page.getByTestId('sync-run');
    await run.waitFor();
    expect(await run.locator('tr[data-result="would push"]').count()).toBe(1);
    expect(await run.locator('tr[data-result="conflict"]').count()).toBe(1);
    const conflicts = page.getByTestId('sync-conflicts');
    expect(await conflicts.locator('tbody tr').count()).toBe(1);
    expect(await conflicts.locator('tbody tr').textContent()).toMatch(/conflict.*device e2e1-n0002.*changed in NetBox at/);
    expect(await page.getByTestId('sync-push').textContent()).toBe('Push 1');
    // The dry run wrote nothing to NetBox.
    expect((await netboxGet<{ status: { value: string } }>(peer.url, peer.token, `/api/dcim/devices/${hall.deviceIds[1]}/`)).status.value).toBe('active');
    await screenshot(page, 'sync-dry-run-1366');

    await page.getByTestId('sync-push').click();
    await expect.poll(async () => page.getByTestId('sync-run').locator('.panel-title').textContent(), POLL).toBe('Push result');
    // The pushed change is gone from the diff; the conflict stays local, and NetBox keeps its colleague's value.
    await expect.poll(async () => changes.locator('tbody tr').count(), POLL).toBe(1);
    expect(await changes.locator('tbody tr').first().getAttribute('data-netbox-id')).toBe(String(hall.deviceIds[2]));
    expect((await netboxGet<{ status: { value: string } }>(peer.url, peer.token, `/api/dcim/devices/${hall.deviceIds[1]}/`)).status.value).toBe('failed');
    expect((await netboxGet<{ status: { value: string } }>(peer.url, peer.token, `/api/dcim/devices/${hall.deviceIds[2]}/`)).status.value).toBe('planned');
    expect(await page.getByTestId('sync-last-push').textContent()).toMatch(/^push · .* · 1 pushed, 0 created, 1 conflicts, 0 refused$/);
    await screenshot(page, 'sync-pushed-1366');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.evaluate(() => (window.location.hash = '#/'));
    await page.evaluate(() => (window.location.hash = '#/sync'));
    // After a reload the last push's conflict is still listed (kept with the database).
    await expect.poll(async () => page.getByTestId('sync-conflicts').locator('tbody tr').count(), POLL).toBe(1);
    await screenshot(page, 'sync-1920');
  }, FLOW_TIMEOUT_MS);
});
