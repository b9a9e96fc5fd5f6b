import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  firstFreeRun as firstFreeRunOf,
  openBrowser,
  queryDb,
  screenshot,
  startConsole,
  takenUnits as takenUnitsOf,
  type Browser,
  type RunningConsole,
} from '../support/console';

/**
 * Issue 3's "done means", in a real browser: navigate to a rack, open its elevation, add a device into an
 * occupied U and see the error on the U field, fix it, save, see the change in history, undo it, then search
 * a GPU UUID and land on it.
 */

let running: RunningConsole;
let browser: Browser;
let rackId = 0;

beforeAll(async () => {
  running = await startConsole({ accelerators: 4000, seed: 11 });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

const query = <T>(sql: string, ...params: unknown[]): T[] => queryDb<T>(running.dbPath, sql, ...params);
const takenUnits = (id: number): { taken: Set<number>; height: number } => takenUnitsOf(running.dbPath, id);
const firstFreeRun = (id: number, size: number): number => firstFreeRunOf(running.dbPath, id, size);

async function fieldError(page: Page, field: string): Promise<string> {
  const error = page.locator(`.dialog [data-field="${field}"] .field-error`);
  await error.waitFor();
  return error.innerText();
}

describe('inventory console (issue 3)', () => {
  it('navigates from a room to a rack and shows its front and rear elevations', async () => {
    const { page } = browser;
    await page.goto(running.url);
    const room = query<{ id: number; name: string }>('SELECT id, name FROM rooms ORDER BY id LIMIT 1')[0]!;
    await page.locator(`.view-home table a[href="#/room/${room.id}"]`).click();
    await page.waitForFunction((id) => window.location.hash === `#/room/${id}`, room.id);
    // Sort by U used (emptiest first) and open the first rack from the keyboard.
    await page.getByRole('columnheader', { name: 'U used' }).click();
    await page.locator('.vtable-row').first().waitFor();
    await screenshot(page, 'inventory-1-room-sorted');
    await page.locator('.vtable-body').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^#\/rack\/\d+$/.test(window.location.hash));
    rackId = Number(/rack\/(\d+)/.exec(await page.evaluate(() => window.location.hash))![1]);
    await page.locator('.elevation svg[data-face="front"]').waitFor();
    expect(await page.locator('.elevation svg[data-face="rear"]').count()).toBe(1);
    const { taken, height } = takenUnits(rackId);
    expect(await page.locator('.elevation svg[data-face="front"] .fw-unit-label').count()).toBe(height);
    expect(taken.size).toBeGreaterThan(0);
    await screenshot(page, 'inventory-2-rack');
  });

  it('refuses a device placed over an occupied U, inline on the U field, then saves it in a free one', async () => {
    const { page } = browser;
    const freeU = firstFreeRun(rackId, 2);
    const occupiedU = Math.min(...takenUnits(rackId).taken);
    const r760 = query<{ id: number }>("SELECT id FROM device_types WHERE model = 'PowerEdge R760'")[0]!;

    // Clicking a free U opens the add-device form with the rack and U filled in.
    await page.locator(`.elevation svg[data-face="front"] .fw-empty[data-u="${freeU}"]`).click();
    const dialog = page.getByRole('dialog', { name: 'Add device' });
    await dialog.waitFor();
    expect(await page.locator('#field-uPosition').inputValue()).toBe(String(freeU));

    await page.locator('#field-typeId').selectOption(String(r760.id));
    expect(await page.locator('#field-role').inputValue()).toBe('management');
    await page.locator('#field-hostname').fill('e2e-mgmt-01');
    await page.locator('#field-serial').fill('E2E-SN-000001');
    await page.locator('#field-uPosition').fill(String(occupiedU));
    await page.locator('#field-reason').fill('e2e: rack a management server');
    await page.keyboard.press('Enter');
    const message = await fieldError(page, 'uPosition');
    expect(message).toMatch(/U\s?\d+/);
    expect(await page.locator('#field-uPosition').getAttribute('aria-invalid')).toBe('true');
    expect(query('SELECT id FROM devices WHERE hostname = ?', 'e2e-mgmt-01')).toHaveLength(0);
    await screenshot(page, 'inventory-3-overlap-error');

    await page.locator('#field-uPosition').fill(String(freeU));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const created = query<{ id: number; u_position: number }>('SELECT id, u_position FROM devices WHERE hostname = ?', 'e2e-mgmt-01');
    expect(created).toHaveLength(1);
    expect(created[0]!.u_position).toBe(freeU);
    await page.waitForFunction((id) => window.location.hash.includes(`device=${id}`), created[0]!.id);
    await page.locator(`.elevation svg[data-face="front"] g.fw-device.fw-selected[data-device-id="${created[0]!.id}"]`).waitFor();
  });

  it('shows the new device in its history and in the changes view', async () => {
    const { page } = browser;
    const history = page.locator('.device-panel .history-entry').first();
    await history.waitFor();
    const text = await history.innerText();
    expect(text.toLowerCase()).toContain('create');
    expect(text).toContain('e2e: rack a management server');
    await screenshot(page, 'inventory-4-device-created');

    await page.locator('.topnav a', { hasText: 'Changes' }).click();
    const newest = page.locator('.changes-table tbody tr').first();
    await newest.waitFor();
    expect(await newest.innerText()).toContain('e2e-mgmt-01');
    await screenshot(page, 'inventory-5-changes');
  });

  it('undoes the last change with Ctrl+Z and says so', async () => {
    const { page } = browser;
    await page.locator('.view-title').click();
    await page.keyboard.press('Control+z');
    const toast = page.locator('.toast-ok', { hasText: 'Undone:' });
    await toast.waitFor();
    expect(await toast.innerText()).toContain('e2e-mgmt-01');
    expect(query('SELECT id FROM devices WHERE hostname = ?', 'e2e-mgmt-01')).toHaveLength(0);
    await screenshot(page, 'inventory-6-undone');
  });

  it('finds a GPU by UUID and lands on it', async () => {
    const { page } = browser;
    const gpu = query<{ id: number; uuid: string; deviceId: number; rackId: number }>(
      `SELECT a.id, a.uuid, d.id AS deviceId, d.rack_id AS rackId FROM accelerators a JOIN devices d ON d.id = a.device_id
       WHERE a.uuid IS NOT NULL AND d.rack_id IS NOT NULL ORDER BY a.id DESC LIMIT 1 OFFSET 77`,
    )[0]!;
    await page.keyboard.press('Control+k');
    await page.keyboard.type(gpu.uuid);
    const hit = page.locator(`#hit-accelerator-${gpu.id}-uuid`);
    await hit.waitFor();
    await page.keyboard.press('Enter');
    await page.waitForFunction((g) => window.location.hash === `#/rack/${g.rackId}?device=${g.deviceId}&accel=${g.id}`, gpu);
    const row = page.locator(`#accel-${gpu.id}`);
    await row.waitFor();
    expect(await row.getAttribute('class')).toContain('is-selected');
    expect(await row.innerText()).toContain(gpu.uuid);
    await page.locator(`.elevation .fw-accel-selected[data-accelerator-id="${gpu.id}"]`).waitFor();
    await screenshot(page, 'inventory-7-uuid');
  });
});
