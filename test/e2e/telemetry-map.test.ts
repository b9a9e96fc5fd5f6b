import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../app/db/open';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/**
 * Issue 10 in a real browser: the preview shows the column map as a table the technician corrects (role,
 * unit, zone per column); the import stores what the corrected map says; the map saved as a profile is
 * offered for the next file with the same header.
 */

let server: RunningConsole;
let browser: Browser;
let rack: { site: string; room: string; name: string };

/** "Kanal 1" holds inlet temperatures in °F that detection cannot place; "Power" is in W although nothing says so. */
function writeFile(name: string, minute: number): string {
  const file = path.join(server.dir, name);
  const at = (m: number): string => `2026-07-14T08:${String(m).padStart(2, '0')}:00Z`;
  fs.writeFileSync(
    file,
    ['Site,Room,Cabinet,Timestamp,Kanal 1,Power (kW)', `${rack.site},${rack.room},${rack.name},${at(minute)},77.0,31500`, `${rack.site},${rack.room},${rack.name},${at(minute + 1)},78.8,31700`, ''].join('\n'),
  );
  return file;
}

function stored(metric: string): number[] {
  const db = openDatabase(server.dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT r.value FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id JOIN telemetry_targets t ON t.id = r.target_id
         WHERE m.name = ? AND t.kind = 'rack' ORDER BY r.ts`,
      )
      .pluck()
      .all(metric) as number[];
  } finally {
    db.close();
  }
}

async function openView(page: Page): Promise<void> {
  const url = new URL(server.url);
  await page.goto(`${url.origin}/#/telemetry&${url.hash.slice(1)}`);
  await page.getByRole('heading', { name: 'Telemetry import' }).waitFor();
}

/** Waits for the preview of the selected file to be read again after a change. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('.tel-status-detecting').length === 0);
}

beforeAll(async () => {
  server = await startConsole({ accelerators: 800, seed: 3 });
  const db = openDatabase(server.dbPath, { readonly: true });
  rack = db.prepare('SELECT s.code AS site, rm.name AS room, r.name FROM racks r JOIN rooms rm ON rm.id = r.room_id JOIN sites s ON s.id = rm.site_id ORDER BY r.id LIMIT 1').get() as typeof rack;
  db.close();
  browser = await openBrowser({ width: 1366, height: 768 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('telemetry column map in the preview', () => {
  it('corrects a role and a unit in the map table; the import stores what the corrected map says', async () => {
    const { page } = browser;
    await openView(page);
    await page.getByLabel('Telemetry files').setInputFiles(writeFile('kanal-a.csv', 0));
    await page.waitForFunction(() => document.querySelectorAll('.tel-status-ready').length === 1);
    const columns = page.getByRole('region', { name: 'Preview' }).getByRole('table', { name: 'Columns' });
    expect(await page.getByLabel('Role of Kanal 1').inputValue()).toBe('ignore');
    expect(await page.getByLabel('Role of Power (kW)').inputValue()).toBe('rack_power_w');

    await page.getByLabel('Role of Kanal 1').selectOption('inlet_temp_c');
    await settled(page);
    await expect.poll(() => page.getByLabel('Unit of Kanal 1').count()).toBe(1);
    await page.getByLabel('Unit of Kanal 1').selectOption('°F');
    await settled(page);
    await expect.poll(() => page.getByLabel('Unit of Kanal 1').inputValue()).toBe('°F');
    await page.getByLabel('Unit of Power (kW)').selectOption('W');
    await settled(page);
    await expect.poll(() => page.getByLabel('Unit of Power (kW)').inputValue()).toBe('W');
    expect(await columns.locator('tr', { hasText: 'Kanal 1' }).innerText()).toContain('set by the map correction');
    // The sample shows the converted values before anything is stored.
    const sample = page.getByRole('table', { name: 'Sample readings' });
    await expect.poll(() => sample.innerText()).toMatch(/inlet_temp_c\s+25 °C/);
    expect(await sample.innerText()).toMatch(/rack_power_w\s+31500 W/);

    await page.getByLabel('Profile name').fill('kanal probes');
    await page.getByRole('button', { name: 'Save map as profile' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Profiles' }).innerText()).toMatch(/Profile kanal probes applied/);
    await screenshot(page, 'telemetry-map-1366');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'telemetry-map-1920');
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.getByRole('button', { name: 'Import 1 file' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.tel-status-done').length === 1, null, { timeout: 60_000 });
    expect(stored('inlet_temp_c')).toEqual([25, 26]);
    expect(stored('rack_power_w')).toEqual([31500, 31700]);
  });

  it('offers the saved profile for the next file with the same header, and applies it', async () => {
    const { page } = browser;
    await page.getByLabel('Telemetry files').setInputFiles(writeFile('kanal-b.csv', 10));
    const row = page.getByRole('table', { name: 'Files' }).locator('tbody tr', { hasText: 'kanal-b.csv' });
    await expect.poll(() => row.locator('.tel-status').innerText()).toBe('ready');
    await row.click();
    const bar = page.getByRole('group', { name: 'Profiles' });
    await bar.getByRole('button', { name: 'Apply kanal probes' }).click();
    await settled(page);
    await expect.poll(() => bar.innerText()).toMatch(/Profile kanal probes applied/);
    expect(await page.getByLabel('Role of Kanal 1').inputValue()).toBe('inlet_temp_c');
    await screenshot(page, 'telemetry-map-profile');
    await row.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => row.locator('.tel-status').innerText(), { timeout: 60_000 }).toBe('imported');
    expect(stored('inlet_temp_c')).toEqual([25, 26, 25, 26]);
    expect(stored('rack_power_w')).toEqual([31500, 31700, 31500, 31700]);
  });
});
