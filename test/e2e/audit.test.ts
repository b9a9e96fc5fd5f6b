import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/**
 * Issue 7 in a real browser: start an audit of a hall, scan with a simulated keyboard-wedge scanner (5 ms
 * between keystrokes, then Enter), see each scan classified at once, mark a rack done, finish, reconcile
 * with a chosen device type, apply as one change set, and preview the printable report.
 */

let running: RunningConsole;
let browser: Browser;

interface RackRow {
  id: number;
  tag: string;
  path: string;
}

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(running.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const SCANNER_KEY_DELAY_MS = 5;

async function scan(code: string): Promise<void> {
  const { page } = browser;
  await page.keyboard.type(code, { delay: SCANNER_KEY_DELAY_MS });
  await page.keyboard.press('Enter');
}

/** Waits for the flash of the n-th scan of the page and returns what it says. */
async function flashAfter(scans: number): Promise<{ result: string; text: string }> {
  const { page } = browser;
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent-scans"] tr').length >= n, scans);
  const flash = page.getByTestId('scan-flash');
  return { result: (await flash.getAttribute('data-result')) ?? '', text: await flash.innerText() };
}

let racks: RackRow[];
let auditId: string;

beforeAll(async () => {
  running = await startConsole({ accelerators: 800, seed: 1 });
  browser = await openBrowser();
  racks = query<RackRow>(
    `SELECT rk.id, rk.asset_tag AS tag, s.code || '/' || rm.name || '/' || rk.name AS path FROM racks rk JOIN rooms rm ON rm.id = rk.room_id
     JOIN sites s ON s.id = rm.site_id WHERE s.code = 'PHX1' AND rm.name = 'DH1' ORDER BY rk.id`,
  );
  browser.page.on('dialog', (dialog) => void dialog.accept());
});

afterAll(async () => {
  await browser?.close();
  await running?.stop();
});

describe('audits in the console (issue 7)', () => {
  it('starts an audit of a hall from the form', async () => {
    const { page } = browser;
    await page.goto(running.url);
    await page.evaluate(() => {
      window.location.hash = '#/audit';
    });
    await page.getByLabel('Audit target').fill('PHX1/DH1');
    await page.getByLabel('Technician').fill('Ana');
    // GPU-level: the default scope is devices only.
    await page.getByLabel(/GPU serials too/).check();
    await screenshot(page, 'audit-1-start');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForFunction(() => /^#\/audit\/[0-9A-Z]{26}$/.test(window.location.hash));
    auditId = (await page.evaluate(() => window.location.hash)).slice('#/audit/'.length);
    await page.locator('#audit-code').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('audit-code');
    expect(query<{ n: number }>('SELECT count(*) AS n FROM audits WHERE id = ?', auditId)[0]?.n).toBe(1);
  });

  it('classifies scanner input at once: rack label, matched, misplaced (saying where), unknown, duplicate', async () => {
    const { page } = browser;
    const [r0, r1] = racks;
    const devices = query<{ tag: string }>('SELECT asset_tag AS tag FROM devices WHERE rack_id = ? ORDER BY id', r0!.id);
    const stray = query<{ tag: string }>('SELECT asset_tag AS tag FROM devices WHERE rack_id = ? AND u_position IS NOT NULL ORDER BY u_position LIMIT 1', r1!.id)[0]!;

    await scan(r0!.tag);
    expect(await flashAfter(1)).toMatchObject({ result: 'rack' });
    expect(await page.getByTestId('current-rack').innerText()).toBe(r0!.path);

    await scan(devices[0]!.tag);
    expect((await flashAfter(2)).result).toBe('matched');

    await scan(stray.tag);
    const misplaced = await flashAfter(3);
    expect(misplaced.result).toBe('misplaced');
    expect(misplaced.text).toContain(`expected in ${r1!.path}`);
    await screenshot(page, 'audit-2-misplaced');

    await scan('ZZ-NOT-IN-INVENTORY');
    expect((await flashAfter(4)).result).toBe('unknown');

    await scan(devices[0]!.tag);
    expect((await flashAfter(5)).result).toBe('duplicate');

    // A burst, as fast as a scanner sends it: every code typed and Entered without waiting for answers.
    for (const d of devices.slice(1)) await scan(d.tag);
    await flashAfter(5 + devices.length - 1);
    await page.waitForFunction((n) => document.querySelector('[data-testid="audit-seen"]')?.textContent === String(n), devices.length + 1);
    const stored = query<{ result: string; n: number }>('SELECT result, count(*) AS n FROM audit_scans WHERE audit_id = ? GROUP BY result ORDER BY result', auditId);
    expect(stored).toEqual([
      { result: 'duplicate', n: 1 },
      { result: 'matched', n: devices.length },
      { result: 'misplaced', n: 1 },
      { result: 'rack', n: 1 },
      { result: 'unknown', n: 1 },
    ]);
  });

  it('keeps the focus in the code field: typing after clicking elsewhere still scans', async () => {
    const { page } = browser;
    await page.locator('.audit-flash').click();
    await scan(racks[1]!.tag);
    await page.waitForFunction((path) => document.querySelector('[data-testid="current-rack"]')?.textContent === path, racks[1]!.path);
    await scan(racks[0]!.tag);
    await page.waitForFunction((path) => document.querySelector('[data-testid="current-rack"]')?.textContent === path, racks[0]!.path);
  });

  it('marks the rack done with F8 and lists what is missing there', async () => {
    const { page } = browser;
    const gpus = query<{ n: number }>('SELECT count(*) AS n FROM accelerators g JOIN devices d ON d.id = g.device_id WHERE d.rack_id = ?', racks[0]!.id)[0]!.n;
    await page.keyboard.press('F8');
    const list = page.getByTestId('missing-list');
    await list.waitFor();
    expect(await list.locator('.panel-title').innerText()).toContain(`${gpus} missing`);
    await screenshot(page, 'audit-3-rack-done');
  });

  it('resumes after a reload at the same rack with the same counts', async () => {
    const { page } = browser;
    const seen = await page.getByTestId('audit-seen').innerText();
    await page.reload();
    await page.locator('#audit-code').waitFor();
    expect(await page.getByTestId('current-rack').innerText()).toBe(racks[0]!.path);
    expect(await page.getByTestId('audit-seen').innerText()).toBe(seen);
  });

  it('finishes, reconciles with a chosen device type for the unknown item, and applies one change set', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Finish audit' }).click();
    await page.getByTestId('reconciliation').waitFor();
    expect(await page.getByTestId('audit-state').innerText()).toBe('reconciled');
    expect(await page.getByTestId('count-misplaced').innerText()).toBe('1');
    await screenshot(page, 'audit-4-reconcile');

    await page.getByRole('tab', { name: /Unknown/ }).click();
    const typeSelect = page.getByLabel('Device type for ZZ-NOT-IN-INVENTORY');
    await typeSelect.selectOption({ label: 'Dell PowerEdge R760' });
    await page.getByLabel('U position for ZZ-NOT-IN-INVENTORY').fill('36');
    await page.getByLabel('U position for ZZ-NOT-IN-INVENTORY').blur();
    await page.waitForFunction(() => document.querySelector('[data-key="unknown:ZZ-NOT-IN-INVENTORY"]')?.className === 'audit-accepted');
    await page.getByRole('button', { name: /^Apply \d+ accepted/ }).click();
    // Missing items wait for the technician: only the move and the addition are applied.
    expect(await page.getByTestId('apply-sentence').innerText()).toBe('0 devices marked missing, 0 GPUs marked missing, 1 device moved, 0 GPUs moved, 1 device added');
    await page.getByRole('button', { name: 'Apply these changes' }).click();
    await page.locator('.audit-recon .status-active', { hasText: `applied as audit:${auditId}` }).waitFor();
    const sets = query<{ change_set: string; n: number }>("SELECT change_set, count(*) AS n FROM change_log WHERE change_set LIKE 'audit:%' GROUP BY change_set");
    expect(sets).toHaveLength(1);
    expect(sets[0]!.change_set).toBe(`audit:${auditId}`);
    expect(query<{ rack: number; u: number }>("SELECT rack_id AS rack, u_position AS u FROM devices WHERE serial = 'ZZ-NOT-IN-INVENTORY'")).toEqual([{ rack: racks[0]!.id, u: 36 }]);
  });

  it('previews the printable report with the floor map', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Report & export' }).click();
    await page.getByRole('button', { name: 'Preview report' }).click();
    const frame = page.frameLocator('iframe.audit-report-frame');
    await frame.locator('svg.fw-floor-map').waitFor();
    expect(await frame.locator('h1').innerText()).toContain('PHX1/DH1');
    await screenshot(page, 'audit-5-report');
  });
});
