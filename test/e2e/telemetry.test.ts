import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../app/db/open';
import { runFloorwalk } from '../support/cli';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/**
 * Issue 5 in a real browser (#/telemetry): drop demo files, read the preview (format, columns → metrics,
 * units, time zone), import with progress, cancel a big one (nothing written), read the result and the
 * rejected rows, and export them as CSV.
 */

let server: RunningConsole;
let browser: Browser;
let files: string[];
let big: string;

function readingCount(): number {
  const db = openDatabase(server.dbPath, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM telemetry_readings').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** A long-format file large enough that sending and importing it takes a while (about 20 MB). */
function writeBigFile(file: string): void {
  const db = openDatabase(server.dbPath, { readonly: true });
  const uuids = db.prepare('SELECT uuid FROM accelerators ORDER BY id LIMIT 400').pluck().all() as string[];
  db.close();
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'timestamp,target,metric,value,unit\n');
  for (let minute = 0; minute < 1500; minute++) {
    const at = new Date(Date.UTC(2026, 6, 1) + minute * 60_000).toISOString();
    fs.writeSync(fd, uuids.map((uuid, i) => `${at},${uuid},gpu_temp_c,${50 + (i % 30)},C\n`).join(''));
  }
  fs.closeSync(fd);
}

async function openView(page: Page): Promise<void> {
  const url = new URL(server.url);
  await page.goto(`${url.origin}/#/telemetry&${url.hash.slice(1)}`);
  await page.getByRole('heading', { name: 'Telemetry import' }).waitFor();
}

beforeAll(async () => {
  server = await startConsole({ accelerators: 4000, seed: 7 });
  const dir = path.join(server.dir, 'telemetry');
  const written = runFloorwalk(['--db', server.dbPath, 'demo', '--telemetry-out', dir]);
  if (written.code !== 0) throw new Error(`demo --telemetry-out failed: ${written.stderr}`);
  files = ['phx1-nvidia-smi.csv', 'dub2-cdu.csv', 'phx1-rack-env.csv'].map((f) => path.join(dir, f));
  big = path.join(server.dir, 'big-long.csv');
  writeBigFile(big);
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('telemetry import view', () => {
  it('previews dropped files: format, columns → metrics with units, time zone, sample readings', async () => {
    const { page } = browser;
    await openView(page);
    await page.getByLabel('Telemetry files').setInputFiles(files);
    const rows = page.getByRole('table', { name: 'Files' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    await page.waitForFunction(() => document.querySelectorAll('.tel-status-ready').length === 3);

    await rows.filter({ hasText: 'phx1-nvidia-smi.csv' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => preview.locator('.panel-title').innerText()).toBe('Detected: nvidia-smi --query-gpu CSV');
    expect(await preview.getByLabel('Role of power.draw [W]').inputValue()).toBe('gpu_power_w');
    expect(await preview.getByLabel('Unit of power.draw [W]').inputValue()).toBe('W');

    expect(await preview.innerText()).toContain('America/Phoenix');
    expect(await preview.getByRole('table', { name: 'Sample readings' }).locator('tbody tr').count()).toBeGreaterThan(10);

    await rows.filter({ hasText: 'dub2-cdu.csv' }).click();
    await expect.poll(() => preview.locator('.panel-title').innerText()).toBe('Detected: CDU / liquid-loop export');
    expect(await preview.innerText()).toMatch(/";"\s*·\s*decimal comma/);
    expect(await preview.getByLabel('Role of FlowLitersPerMinute').inputValue()).toBe('coolant_flow_lpm');
    await screenshot(page, 'telemetry-preview');
  });

  it('imports the files with progress, then shows stored, skipped and rejected rows and exports the errors', async () => {
    const { page } = browser;
    const before = readingCount();
    await page.getByRole('button', { name: 'Import 3 files' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.tel-status-done').length === 3, null, { timeout: 60_000 });
    const rows = page.getByRole('table', { name: 'Files' }).locator('tbody tr');
    await rows.filter({ hasText: 'phx1-nvidia-smi.csv' }).click();
    const result = page.getByRole('region', { name: 'Import result' });
    await result.waitFor();
    expect(await result.getByRole('table', { name: 'Rejected rows' }).innerText()).toContain('the last line is cut short');
    expect(await result.getByRole('table', { name: 'Findings' }).innerText()).toMatch(/not in inventory[\s\S]*GPU unreadable/);
    const stored = Number((await result.getByTestId('tel-readings').innerText()).replace(/,/g, ''));
    expect(stored).toBeGreaterThan(10_000);
    expect(readingCount()).toBeGreaterThan(before + stored - 1);
    await screenshot(page, 'telemetry-result');

    const download = page.waitForEvent('download');
    await result.getByRole('button', { name: 'Export errors (CSV)' }).click();
    const csv = fs.readFileSync((await (await download).path()) ?? '', 'utf8');
    expect(csv.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('file,line,column,reason');
    expect(csv).toContain('phx1-nvidia-smi.csv');
    expect(csv).toContain('the last line is cut short');
  });

  it('shows progress for a big file and cancels it with Escape, writing nothing', { timeout: 150_000 }, async () => {
    const { page } = browser;
    const before = readingCount();
    await page.getByLabel('Telemetry files').setInputFiles(big);
    const row = page.getByRole('table', { name: 'Files' }).locator('tbody tr', { hasText: 'big-long.csv' });
    await expect.poll(() => row.locator('.tel-status').innerText()).toBe('ready');
    await row.getByRole('button', { name: 'Import' }).click();
    // The file goes up in chunks before the importer reads it; cancel while it is still going up. (A cancel
    // that arrives once the rows are being written is too late by design: the import then reports its result.)
    const progress = page.getByTestId('tel-progress');
    await expect.poll(() => progress.innerText(), { timeout: 60_000 }).toMatch(/uploading [\d.]+ MiB of [\d.]+ MiB/);
    await page.keyboard.press('Escape');
    await screenshot(page, 'telemetry-progress');
    await expect.poll(() => row.locator('.tel-status').innerText(), { timeout: 60_000 }).toBe('cancelled');
    expect(await page.getByRole('alert').innerText()).toContain('nothing was written');
    expect(readingCount()).toBe(before);
  });
});
