import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstFreeRun, openBrowser, queryDb, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/**
 * Issue 11 in a real browser, beyond audits: the console asks for the technician before its first write
 * (an edit here, not an audit), names them in the change log and the header, and lets them change it; the
 * add-device form offers only the types that fit the free U and the rack's cooling; the import dry run
 * shows per row what would change, before → after.
 */

let running: RunningConsole;
let browser: Browser;

beforeAll(async () => {
  running = await startConsole({ accelerators: 800, seed: 1, technician: null });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

const query = <T>(sql: string, ...params: unknown[]): T[] => queryDb<T>(running.dbPath, sql, ...params);

describe('technician, add-device types and the per-field dry run (issue 11)', () => {
  it('offers only fitting types on a free U of an air rack, and asks who is writing before the first write', async () => {
    const { page } = browser;
    const rack = query<{ id: number; name: string }>("SELECT id, name FROM racks WHERE cooling = 'air' ORDER BY power_budget_kw DESC, id LIMIT 1")[0]!;
    const u = firstFreeRun(running.dbPath, rack.id, 2);
    // The laptop a technician carries: the dialog and its reasons must fit 1366×768.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(running.url);
    await page.locator('.topbar').waitFor();
    await page.evaluate((h) => (window.location.hash = h), `#/rack/${rack.id}`);
    await page.locator('.elevation svg[data-face="front"]').waitFor();
    // Reading is not writing: nothing asks for a name yet.
    expect(await page.getByRole('dialog', { name: 'Who is making changes?' }).count()).toBe(0);
    await page.locator(`.elevation svg[data-face="front"] .fw-empty[data-u="${u}"]`).click();
    const dialog = page.getByRole('dialog', { name: 'Add device' });
    await dialog.waitFor();
    const offered = await page.locator('#field-typeId option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const liquid = query<{ id: number }>("SELECT id FROM device_types WHERE airflow = 'liquid'").map((t) => String(t.id));
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.filter((id) => liquid.includes(id))).toEqual([]);
    await page.getByTestId('refused-types').locator('summary').click();
    expect(await page.getByTestId('refused-types').innerText()).toMatch(/is liquid-cooled; rack .* is cooled by air/);
    await screenshot(page, 'technician-1-add-device-types');

    const r760 = query<{ id: number }>("SELECT id FROM device_types WHERE slug = 'dell-r760'")[0]!;
    await page.locator('#field-typeId').selectOption(String(r760.id));
    await page.locator('#field-hostname').fill('e2e-tech-01');
    await page.locator('#field-serial').fill('E2E-TECH-01');
    await dialog.locator('button[type="submit"]').click();
    // The first write of the console waits for a name.
    const prompt = page.getByRole('dialog', { name: 'Who is making changes?' });
    await prompt.waitFor();
    expect(query('SELECT id FROM devices WHERE hostname = ?', 'e2e-tech-01')).toHaveLength(0);
    await screenshot(page, 'technician-2-prompt');
    await page.locator('#technician-name').fill('Ciarán Walsh');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const created = query<{ actor: string }>("SELECT c.actor FROM change_log c JOIN devices d ON d.id = c.entity_id WHERE c.entity = 'device' AND d.hostname = 'e2e-tech-01'");
    expect(created).toEqual([{ actor: 'Ciarán Walsh' }]);
    expect(query("SELECT value FROM meta WHERE key = 'technician'")).toEqual([{ value: 'Ciarán Walsh' }]);
    await page.getByTestId('technician-chip').filter({ hasText: 'Ciarán Walsh' }).waitFor();
  });

  it('does not ask again, and the header changes the name for later writes', async () => {
    const { page } = browser;
    await page.getByTestId('technician-chip').click();
    const change = page.getByRole('dialog', { name: 'Change technician' });
    await change.waitFor();
    await page.locator('#technician-name').fill('Róisín Daly');
    await page.keyboard.press('Enter');
    await change.waitFor({ state: 'detached' });
    await page.getByTestId('technician-chip').filter({ hasText: 'Róisín Daly' }).waitFor();
    await screenshot(page, 'technician-2b-header-1366');
    // Ctrl+Z is a write too: no prompt, and the undo names the new technician.
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.body.innerText.includes('Undone:'));
    expect(await page.getByRole('dialog', { name: 'Who is making changes?' }).count()).toBe(0);
    const undo = query<{ actor: string }>('SELECT actor FROM change_log WHERE undoes IS NOT NULL ORDER BY id DESC LIMIT 1');
    expect(undo).toEqual([{ actor: 'Róisín Daly' }]);
  });

  it('shows what a dry run would change, row by row and field by field', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1920, height: 1080 });
    const device = query<{ id: number; hostname: string; status: string }>("SELECT id, hostname, status FROM devices WHERE status = 'active' AND hostname IS NOT NULL ORDER BY id LIMIT 1")[0]!;
    await page.evaluate((h) => (window.location.hash = h), '#/import');
    await page.getByLabel('CSV file').setInputFiles({ name: 'status.csv', mimeType: 'text/csv', buffer: Buffer.from(`name,status\n${device.hostname},failed\n`) });
    await page.getByLabel('Import kind').selectOption('devices');
    await page.getByRole('button', { name: 'Dry run' }).click();
    const changes = page.getByTestId('import-changes');
    await changes.waitFor();
    const row = changes.locator('tbody tr').first();
    expect(await row.locator('td').allInnerTexts()).toEqual(['1', `device ${device.id} · ${device.hostname}`, 'status', 'active', 'failed']);
    await screenshot(page, 'technician-3-dry-run-changes');
    expect(query('SELECT status FROM devices WHERE hostname = ?', device.hostname)).toEqual([{ status: 'active' }]);
  });
});
