import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { groupPlacementProblem, OccupancyIndex, type FloorItem } from '../../app/floor/geometry';
import { openDatabase } from '../../app/db/open';
import { floorData } from '../../app/floor/data';
import { runFloorwalk } from '../support/cli';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/**
 * Issue 16: the console on a 1366×768 laptop without a mouse — find a GPU, open its rack, move a device
 * through a dialog that keeps focus, step the heatmap from the map, pick and move a rack on the floor map
 * with the keyboard cursor, and run an audit scan. No click anywhere in this file.
 */

let server: RunningConsole;
let browser: Browser;
let roomId: number;

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  server = await startConsole({ accelerators: 2000, seed: 7 });
  const dir = path.join(server.dir, 'telemetry');
  expect(runFloorwalk(['--db', server.dbPath, 'demo', '--telemetry-out', dir]).code).toBe(0);
  const imported = runFloorwalk(['--db', server.dbPath, 'import', 'telemetry', ...fs.readdirSync(dir).map((f) => path.join(dir, f)), '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  roomId = query<{ id: number }>("SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'PHX1' AND rm.name = 'DH1'")[0]!.id;
  browser = await openBrowser({ width: 1366, height: 768 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const MAX_TABS = 80;

/** Presses Tab until the focused element matches; fails when it never does. */
async function tabTo(page: Page, selector: string, text?: string): Promise<void> {
  for (let i = 0; i < MAX_TABS; i += 1) {
    if (await activeMatches(page, selector, text)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}${text ? ` "${text}"` : ''}`);
}

const activeMatches = (page: Page, selector: string, text?: string): Promise<boolean> =>
  page.evaluate(([s, t]) => (document.activeElement?.matches(s) ?? false) && (t === undefined || document.activeElement?.textContent?.trim() === t), [selector, text] as const);

/** The console is opened once (its token is taken from the first address); after that only the hash moves. */
let opened = false;
async function go(page: Page, hash: string): Promise<void> {
  if (!opened) {
    await page.goto(server.url);
    await page.locator('[role="tree"]').waitFor();
    opened = true;
  }
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

describe('keyboard only at 1366×768 (issue 16)', () => {
  it('finds a GPU with Ctrl+K, opens its rack, and moves its device through a dialog that traps and restores focus', async () => {
    const { page } = browser;
    const gpu = query<{ id: number; serial: string; deviceId: number; rackId: number; u: number; h: number }>(
      `SELECT a.id, a.serial, d.id AS deviceId, d.rack_id AS rackId, d.u_position AS u, t.u_height AS h FROM accelerators a
       JOIN devices d ON d.id = a.device_id JOIN device_types t ON t.id = d.type_id JOIN racks r ON r.id = d.rack_id
       WHERE a.serial IS NOT NULL ORDER BY a.id LIMIT 1`,
    )[0]!;
    // The lowest U where the device fits once it leaves its own place.
    const taken = new Set<number>();
    for (const row of query<{ u: number; h: number }>(
      'SELECT d.u_position AS u, t.u_height AS h FROM devices d JOIN device_types t ON t.id = d.type_id WHERE d.rack_id = ? AND d.u_position IS NOT NULL AND d.id <> ?',
      gpu.rackId,
      gpu.deviceId,
    ))
      for (let u = row.u; u < row.u + row.h; u += 1) taken.add(u);
    const rackHeight = query<{ h: number }>('SELECT u_height AS h FROM racks WHERE id = ?', gpu.rackId)[0]!.h;
    let targetU = 0;
    for (let u = rackHeight - gpu.h + 1; u >= 1 && targetU === 0; u -= 1) if (u !== gpu.u && Array.from({ length: gpu.h }, (_, k) => u + k).every((k) => !taken.has(k))) targetU = u;
    expect(targetU).toBeGreaterThan(0);
    await go(page, '#/');
    await page.keyboard.press('Control+k');
    await page.keyboard.type(gpu.serial);
    await page.locator(`#hit-accelerator-${gpu.id}-serial`).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForFunction((g) => window.location.hash === `#/rack/${g.rackId}?device=${g.deviceId}&accel=${g.id}`, gpu);
    await page.locator('.device-panel .panel-title').waitFor();

    // Tab to the device's Move button; Enter opens the dialog with focus on its first field.
    await tabTo(page, '.device-panel button', 'Move');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await activeMatches(page, '.dialog #field-rackId')).toBe(true);
    // Tab and Shift+Tab never leave it.
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await activeMatches(page, '.dialog *'), await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))).toBe(true);
    }
    await screenshot(page, 'keyboard-1-move-dialog');
    // Escape closes it and focus is back on Move.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await activeMatches(page, '.device-panel button', 'Move')).toBe(true);

    // Again, for real: the server goes to the highest free run of the same rack.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, '.dialog #field-uPosition');
    await page.keyboard.press('Control+a');
    await page.keyboard.type(String(targetU));
    await tabTo(page, '.dialog #field-reason');
    await page.keyboard.type('e2e: keyboard move');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelector('.toast') !== null);
    expect(query<{ u: number }>('SELECT u_position AS u FROM devices WHERE id = ?', gpu.deviceId)[0]?.u).toBe(targetU);
  });

  it('steps the heatmap with ←/→ while the map itself has focus, and never pans it instead', async () => {
    const { page } = browser;
    await go(page, `#/room/${roomId}/heatmap`);
    const view = page.getByTestId('heatmap-view');
    await page.waitForFunction(() => {
      const v = document.querySelector<HTMLElement>('[data-testid="heatmap-view"]');
      return v !== null && Number(v.dataset['shownIndex']) > 0 && v.dataset['shownIndex'] === v.dataset['index'];
    });
    await tabTo(page, '[data-testid="heatmap-canvas"]');
    const last = Number(await view.getAttribute('data-index'));
    const canvas = page.getByTestId('heatmap-canvas');
    const panBefore = [await canvas.getAttribute('data-tx'), await canvas.getAttribute('data-ty')];
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((want) => document.querySelector<HTMLElement>('[data-testid="heatmap-view"]')?.dataset['index'] === String(want), last - 3);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((want) => document.querySelector<HTMLElement>('[data-testid="heatmap-view"]')?.dataset['index'] === String(want), last - 2);
    expect([await canvas.getAttribute('data-tx'), await canvas.getAttribute('data-ty')]).toEqual(panBefore);
    expect(await activeMatches(page, '[data-testid="heatmap-canvas"]')).toBe(true);
    // Home jumps to the first stop; the map keeps focus.
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="heatmap-view"]')?.dataset['index'] === '0');
    await screenshot(page, 'keyboard-2-heatmap-stepped');
  });

  it('opens the side panel, opens a finding\'s rack with Enter, and the rack shows the finding and its latest readings', async () => {
    const { page } = browser;
    await page.keyboard.press('End');
    await tabTo(page, '.hm-side-open');
    await page.keyboard.press('Enter');
    const row = page.locator('[data-testid="heatmap-findings"] tr[data-kind="gpu_throttle_thermal"]');
    await row.waitFor();
    const rackId = await row.getAttribute('data-rack-id');
    await tabTo(page, '[data-testid="heatmap-findings"] tr[data-kind="gpu_throttle_thermal"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => window.location.hash.startsWith(`#/rack/${id}?finding=`), rackId);
    const panel = page.getByTestId('rack-findings');
    await panel.locator('li[data-kind="gpu_throttle_thermal"]').waitFor();
    await panel.locator('tr[data-metric]').first().waitFor();
    const metrics = await panel.locator('tr[data-metric]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-metric')));
    expect(metrics).toContain('delta_t_k');
    await screenshot(page, 'keyboard-6-rack-from-finding');
  });

  it('opens the heatmap of a hall without inlet sensors on the first metric that has data', async () => {
    const { page } = browser;
    const sin = query<{ id: number }>("SELECT rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE s.code = 'SIN1' ORDER BY rm.name LIMIT 1")[0]!;
    await go(page, `#/room/${sin.id}/heatmap`);
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="heatmap-view"]')?.dataset['shownIndex']) >= 0);
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('select[aria-label="Colour racks by"]')?.value === 'gpu');
  });

  it('picks a rack with the map cursor, opens it with Enter, and moves it with m + arrows under the collision rules', async () => {
    const { page } = browser;
    const read = (): ReturnType<typeof floorData> => {
      const db = openDatabase(server.dbPath, { readonly: true });
      try {
        return floorData(db, roomId);
      } finally {
        db.close();
      }
    };
    const data = read();
    const racks = [...data.racks].sort((a, b) => a.gridY - b.gridY || a.gridX - b.gridX || a.id - b.id);
    const first = racks[0]!;
    const mover = racks.find((r) => racks.some((n) => n.gridY === r.gridY && n.gridX === r.gridX + r.widthTiles))!;
    const neighbour = racks.find((n) => n.gridY === mover.gridY && n.gridX === mover.gridX + mover.widthTiles)!;
    const items: FloorItem[] = [
      ...data.racks.map((r) => ({ id: r.id, name: r.name, kind: 'rack' as const, gridX: r.gridX, gridY: r.gridY, widthTiles: r.widthTiles, depthTiles: r.depthTiles, facing: r.facing })),
      ...data.coolingUnits.map((u) => ({ id: u.id, name: u.name, kind: u.kind, gridX: u.gridX, gridY: u.gridY, widthTiles: u.widthTiles, depthTiles: u.depthTiles, facing: u.facing })),
    ];
    const index = new OccupancyIndex(items);
    let freeDy = 0;
    for (let dy = 1; dy < data.room.depthTiles && freeDy === 0; dy += 1) if (groupPlacementProblem([{ ...mover, gridY: mover.gridY + dy }], data.room, index) === null) freeDy = dy;
    expect(freeDy).toBeGreaterThan(0);

    await go(page, `#/room/${roomId}/floor`);
    await page.waitForSelector('canvas.floor-canvas[data-first-frame-at]');
    const canvas = page.locator('canvas.floor-canvas');
    await tabTo(page, 'canvas.floor-canvas');
    // Keyboard focus shows the cursor on the first rack; Tab walks racks in reading order.
    expect(await canvas.getAttribute('data-cursor-rack-id')).toBe(String(first.id));
    await page.keyboard.press('Tab');
    expect(await canvas.getAttribute('data-cursor-rack-id')).toBe(String(racks[1]!.id));
    await page.keyboard.press('Shift+Tab');
    expect(await canvas.getAttribute('data-cursor-rack-id')).toBe(String(first.id));
    // Arrows move it to the nearest rack in that direction.
    await page.keyboard.press('ArrowRight');
    expect(Number(await canvas.getAttribute('data-cursor-rack-id'))).not.toBe(first.id);
    await page.keyboard.press('ArrowLeft');
    expect(await canvas.getAttribute('data-cursor-rack-id')).toBe(String(first.id));
    await screenshot(page, 'keyboard-3-floor-cursor');

    // Enter opens the rack under the cursor.
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => window.location.hash === `#/rack/${id}`, first.id);
    await page.goBack();
    await page.waitForSelector('canvas.floor-canvas[data-first-frame-at]');
    await tabTo(page, 'canvas.floor-canvas');

    // To the mover, then m + → onto its neighbour: refused with the drag's reason, nothing written.
    for (let i = 0; i < racks.length && (await canvas.getAttribute('data-cursor-rack-id')) !== String(mover.id); i += 1) await page.keyboard.press('Tab');
    expect(await canvas.getAttribute('data-cursor-rack-id')).toBe(String(mover.id));
    await page.keyboard.press('m');
    for (let i = 0; i < mover.widthTiles; i += 1) await page.keyboard.press('ArrowRight');
    expect(await canvas.getAttribute('data-move-problem')).toContain(`would overlap ${neighbour.name}`);
    await page.keyboard.press('Enter');
    const notice = page.locator('.floor-notice[role="alert"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`Rack ${mover.name} would overlap ${neighbour.name}`);
    expect(read().racks.find((r) => r.id === mover.id)).toMatchObject({ gridX: mover.gridX, gridY: mover.gridY });

    // Escape cancels a move in progress.
    await page.keyboard.press('m');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => window.location.hash === `#/rack/${id}`, mover.id);
    await page.goBack();
    await page.waitForSelector('canvas.floor-canvas[data-first-frame-at]');
    expect(read().racks.find((r) => r.id === mover.id)).toMatchObject({ gridX: mover.gridX, gridY: mover.gridY });

    // m + ↓ to free floor, Enter: saved, and shown there after a reload.
    await tabTo(page, 'canvas.floor-canvas');
    for (let i = 0; i < racks.length && (await canvas.getAttribute('data-cursor-rack-id')) !== String(mover.id); i += 1) await page.keyboard.press('Tab');
    await page.keyboard.press('m');
    for (let i = 0; i < freeDy; i += 1) await page.keyboard.press('ArrowDown');
    expect(await canvas.getAttribute('data-move-problem')).toBe('');
    await screenshot(page, 'keyboard-4-floor-moving');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.toast')?.textContent?.includes('Moved rack') ?? false);
    expect(read().racks.find((r) => r.id === mover.id)).toMatchObject({ gridX: mover.gridX, gridY: mover.gridY + freeDy });
  });

  it('starts an audit and scans a rack label and a device by keyboard alone', async () => {
    const { page } = browser;
    const rack = query<{ id: number; tag: string }>('SELECT id, asset_tag AS tag FROM racks WHERE room_id = ? AND asset_tag IS NOT NULL ORDER BY id LIMIT 1', roomId)[0]!;
    const device = query<{ tag: string }>('SELECT asset_tag AS tag FROM devices WHERE rack_id = ? AND asset_tag IS NOT NULL ORDER BY id LIMIT 1', rack.id)[0]!;
    await go(page, '#/');
    await page.locator('[role="tree"]').waitFor();
    await page.locator('body').focus();
    await tabTo(page, '.topnav a[href="#/audit"]');
    await page.keyboard.press('Enter');
    await tabTo(page, 'input[aria-label="Audit target"], #audit-target');
    await page.keyboard.type('PHX1/DH1');
    await tabTo(page, 'input[aria-label="Technician"], #audit-by');
    await page.keyboard.type('Ana');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^#\/audit\/[0-9A-Z]{26}$/.test(window.location.hash));
    await page.locator('#audit-code').waitFor();
    expect(await activeMatches(page, '#audit-code')).toBe(true);
    await page.keyboard.type(rack.tag);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="scan-flash"]')?.getAttribute('data-result') === 'rack');
    await page.keyboard.type(device.tag);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="scan-flash"]')?.getAttribute('data-result') === 'matched');
    await screenshot(page, 'keyboard-5-audit-scan');
  });
});
