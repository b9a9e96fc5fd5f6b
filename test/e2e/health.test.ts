import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../app/db/open';
import { runFloorwalk } from '../support/cli';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/**
 * Issue 14 in a real browser: open Health, pick the GPU with uncorrected ECC, open an RMA case, scan the
 * new serial, close the case and read the slot's history; then a later telemetry file verifies the swap.
 */

let server: RunningConsole;
let browser: Browser;

beforeAll(async () => {
  server = await startConsole({ accelerators: 2000, seed: 7 });
  const dir = path.join(server.dir, 'telemetry');
  const written = runFloorwalk(['--db', server.dbPath, 'demo', '--telemetry-out', dir]);
  if (written.code !== 0) throw new Error(`demo --telemetry-out failed: ${written.stderr}`);
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
  const imported = runFloorwalk(['--db', server.dbPath, 'import', 'telemetry', ...files, '--json']);
  if (imported.code !== 0) throw new Error(`import telemetry failed: ${imported.stderr}`);
  browser = await openBrowser({ width: 1366, height: 768 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('GPU health and field replacement', () => {
  it('goes from a health finding to a verified swap with the slot history', async () => {
    const { page } = browser;
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.evaluate(() => (window.location.hash = '#/health'));
    const list = page.getByTestId('health-findings');
    await list.waitFor();
    await screenshot(page, 'health-1366');
    expect(await list.locator('tr[data-kind="xid"]').count()).toBe(2);
    expect(await list.locator('tr[data-kind="leak"]').count()).toBe(1);

    // Pick the ECC finding with the keyboard filter chip, then open its case.
    await page.getByRole('button', { name: /^ECC 1$/ }).click();
    await list.locator('tr[data-kind="ecc"]').click();
    const detail = page.getByTestId('health-detail');
    await expect.poll(() => detail.locator('.health-title').textContent()).toMatch(/uncorrected ECC/);
    const path0 = (await detail.locator('.health-path').textContent()) ?? '';
    expect(path0).toMatch(/^PHX1 \/ DH1 \/ R\d\d-\d\d \/ U\d+ \/ phx1-[a-z0-9-]+ \/ GPU \d$/);

    await page.getByLabel('Technician').fill('Ana Ruiz');
    await page.getByTestId('rma-open').click();
    const rmaCase = page.getByTestId('rma-case');
    await rmaCase.waitFor();
    expect(await rmaCase.getAttribute('data-status')).toBe('rma-open');

    await page.getByTestId('rma-new-serial').fill('1654999000777');
    await page.getByTestId('rma-swap').click();
    await expect.poll(() => rmaCase.getAttribute('data-status')).toBe('replaced');
    await page.getByTestId('rma-close').click();
    // Closed: the slot shows the old part removed and the new one in the slot, awaiting telemetry.
    const history = page.getByTestId('slot-history');
    await expect.poll(() => history.locator('tbody tr').count()).toBe(2);
    expect(await history.locator('tbody tr').nth(1).textContent()).toMatch(/1654999000777.*awaiting telemetry/);
    await screenshot(page, 'health-rma-1366');

    // A later nvidia-smi file from that host reports the new GPU: the swap is verified and the slot learns its UUID.
    const db = openDatabase(server.dbPath, { readonly: true });
    const slot = db
      .prepare('SELECT d.hostname AS host, a.pci_bus_id AS bus, d.id AS deviceId, a.id AS accelId FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE a.serial = ?')
      .get('1654999000777') as { host: string; bus: string; deviceId: number; accelId: number };
    db.close();
    const file = path.join(server.dir, 'after-swap.csv');
    const stamp = new Date().toISOString().replace('T', ' ').replace(/-/g, '/').replace('Z', '');
    fs.writeFileSync(file, `${slot.host}: timestamp, name, serial, uuid, pci.bus_id, temperature.gpu\n${slot.host}: ${stamp}, NVIDIA H100 80GB HBM3, 1654999000777, GPU-77777777-2222-4333-8444-555555555555, ${slot.bus}, 48\n`);
    const imported = runFloorwalk(['--db', server.dbPath, 'import', 'telemetry', file, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout).files[0].swaps[0].outcome).toBe('verified');

    // The device panel shows the same slot history, now with the new part's UUID.
    await page.evaluate((hash) => (window.location.hash = hash), `#/device/${slot.deviceId}?accel=${slot.accelId}`);
    await screenshot(page, 'health-device-1366');
    await expect.poll(() => page.getByTestId('slot-history').locator('tbody tr').nth(1).textContent()).toMatch(/GPU-77777777-2222-4333-8444-555555555555/);
    // Back on Health, the ECC finding about the removed part is gone.
    await page.evaluate(() => (window.location.hash = '#/health'));
    await list.waitFor();
    expect(await list.locator('tr[data-kind="ecc"]').count()).toBe(0);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'health-verified-1920');
  });
});
