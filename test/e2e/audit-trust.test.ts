import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/**
 * Issue 11 in a real browser: an audit of one rack (default scope: devices) in which every server but one
 * is scanned. The reconciliation shows exactly one missing device and no missing GPU, nothing pre-accepted;
 * the technician accepts it, the confirmation says in words what will change, apply marks one device, and
 * the change log names the technician — not "console user".
 */

let running: RunningConsole;
let browser: Browser;

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(running.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

async function scan(code: string): Promise<void> {
  await browser.page.keyboard.type(code, { delay: 2 });
  await browser.page.keyboard.press('Enter');
}

interface Rack {
  id: number;
  tag: string;
  path: string;
}

let rack: Rack;
let servers: Array<{ id: number; serial: string; hostname: string }>;
let others: Array<{ serial: string }>;

beforeAll(async () => {
  running = await startConsole({ accelerators: 800, seed: 1, technician: null });
  browser = await openBrowser();
  // Finishing an audit asks for confirmation in a native dialog.
  browser.page.on('dialog', (dialog) => void dialog.accept());
  rack = query<Rack>(
    `SELECT rk.id, rk.asset_tag AS tag, s.code || '/' || rm.name || '/' || rk.name AS path FROM racks rk JOIN rooms rm ON rm.id = rk.room_id
     JOIN sites s ON s.id = rm.site_id WHERE EXISTS (SELECT 1 FROM devices d JOIN accelerators g ON g.device_id = d.id WHERE d.rack_id = rk.id)
     ORDER BY rk.id LIMIT 1`,
  )[0]!;
  servers = query(
    `SELECT d.id, d.serial, d.hostname FROM devices d WHERE d.rack_id = ? AND d.status <> 'planned' AND EXISTS (SELECT 1 FROM accelerators g WHERE g.device_id = d.id) ORDER BY d.u_position DESC`,
    rack.id,
  );
  others = query(
    `SELECT d.serial FROM devices d WHERE d.rack_id = ? AND d.status <> 'planned' AND d.serial IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accelerators g WHERE g.device_id = d.id)`,
    rack.id,
  );
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

describe('an audit you can trust (issue 11)', () => {
  it('all servers of a rack but one scanned: one missing device, no missing GPU, apply marks one, the change log names the technician', async () => {
    const { page } = browser;
    expect(servers.length).toBeGreaterThan(1);
    await page.goto(running.url);
    await page.evaluate(() => {
      window.location.hash = '#/audit';
    });
    await page.getByLabel('Scope').selectOption('racks');
    await page.getByLabel('Audit target').fill(rack.tag);
    await page.getByLabel('Technician').fill('Niamh Byrne');
    expect(await page.getByLabel(/GPU serials too/).isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForFunction(() => /^#\/audit\/[0-9A-Z]{26}$/.test(window.location.hash));
    const auditId = (await page.evaluate(() => window.location.hash)).slice('#/audit/'.length);
    await page.locator('#audit-code').waitFor();

    const absent = servers[0]!;
    const codes = [rack.tag, ...servers.slice(1).map((s) => s.serial), ...others.map((o) => o.serial)];
    for (const code of codes) await scan(code);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent-scans"] tr').length >= n, Math.min(codes.length, 10));
    await page.waitForFunction((n) => document.querySelector('[data-testid="audit-seen"]')?.textContent === String(n), codes.length - 1);
    await page.getByRole('button', { name: 'Finish audit' }).click();
    await page.getByTestId('reconciliation').waitFor();

    expect(await page.getByTestId('count-missing').innerText()).toBe('1');
    const rows = page.locator('[data-testid="reconciliation"] tbody tr[data-key^="missing:"]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-key')).toBe(`missing:device:${absent.id}`);
    expect(await page.locator('tr[data-key^="missing:accelerator:"]').count()).toBe(0);
    // Not pre-accepted: nothing to apply until the technician decides.
    expect(await rows.first().getAttribute('class')).toBe('audit-rejected');
    expect(await page.getByRole('button', { name: /^Apply 0 accepted/ }).isDisabled()).toBe(true);
    await screenshot(page, 'audit-trust-1-reconcile');

    await page.getByRole('group', { name: `Decision for ${absent.serial}` }).getByRole('button', { name: 'Accept' }).click();
    await page.waitForFunction((key) => document.querySelector(`[data-key="${key}"]`)?.className === 'audit-accepted', `missing:device:${absent.id}`);
    await page.getByRole('button', { name: /^Apply 1 accepted/ }).click();
    expect(await page.getByTestId('apply-sentence').innerText()).toBe('1 device marked missing, 0 GPUs marked missing, 0 devices moved, 0 GPUs moved, 0 devices added');
    await screenshot(page, 'audit-trust-2-confirm');
    await page.getByRole('button', { name: 'Apply these changes' }).click();
    await page.getByText(`applied as audit:${auditId}`, { exact: true }).waitFor();

    const changed = query<{ entity: string; entity_id: number; actor: string }>('SELECT entity, entity_id, actor FROM change_log WHERE change_set = ?', `audit:${auditId}`);
    expect(changed).toEqual([{ entity: 'device', entity_id: absent.id, actor: 'Niamh Byrne' }]);
    expect(query<{ n: number }>("SELECT count(*) AS n FROM accelerators WHERE status = 'missing'")[0]!.n).toBe(0);
    expect(query<{ value: string }>("SELECT value FROM meta WHERE key = 'technician'")).toEqual([{ value: 'Niamh Byrne' }]);

    await page.evaluate(() => {
      window.location.hash = '#/changes';
    });
    await page.getByText('Niamh Byrne').first().waitFor();
    await screenshot(page, 'audit-trust-3-changes');
  });
});
