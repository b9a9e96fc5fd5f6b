import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../app/db/open';
import { floorData } from '../../app/floor/data';
import type { FloorRack } from '../../app/floor/types';
import { openBrowser, screenshot, startConsole, type Browser, type RunningConsole } from '../support/console';

/** The console's route to a room's floor map. */
const floorRoute = (roomId: number): string => `#/room/${roomId}/floor`;

let server: RunningConsole;
let browser: Browser;

beforeAll(async () => {
  server = await startConsole({ accelerators: 2000, seed: 7 });
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function racksOfRoom(roomId: number): FloorRack[] {
  const db = openDatabase(server.dbPath, { readonly: true });
  try {
    return [...floorData(db, roomId).racks];
  } finally {
    db.close();
  }
}

async function openFloor(page: Page, roomId: number): Promise<void> {
  const url = new URL(server.url);
  await page.goto(`${url.origin}/${floorRoute(roomId)}&${url.hash.slice(1)}`);
  await page.waitForSelector('canvas.floor-canvas[data-first-frame-at]', { timeout: 30_000 });
}

/** Where the middle of a tile is on the page, from the map's view transform. */
async function tileToPage(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return page.$eval(
    'canvas.floor-canvas',
    (canvas, tile) => {
      const rect = canvas.getBoundingClientRect();
      const k = Number(canvas.dataset['k']);
      return { x: rect.left + Number(canvas.dataset['tx']) + tile.x * k, y: rect.top + Number(canvas.dataset['ty']) + tile.y * k };
    },
    { x, y },
  );
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

describe('floor map', () => {
  it('refuses a rack dropped on another, saves one dropped on free floor, and shows it there after a reload', async () => {
    const { page } = browser;
    const roomId = 1;
    const before = racksOfRoom(roomId);
    const mover = before.find((r) => r.name.endsWith('-01') && r.facing === 'S')!;
    const neighbour = before.find((r) => r.row === mover.row && r.gridX === mover.gridX + 1)!;
    expect(neighbour).toBeDefined();

    await openFloor(page, roomId);
    await screenshot(page, 'floor-open');

    // Onto its neighbour: refused, with the reason on screen, and nothing written.
    const grab = await tileToPage(page, mover.gridX + 0.5, mover.gridY + 1);
    const ontoNeighbour = await tileToPage(page, neighbour.gridX + 0.5, neighbour.gridY + 1);
    await drag(page, grab, ontoNeighbour);
    const notice = page.locator('.floor-notice[role="alert"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`Rack ${mover.name} would overlap ${neighbour.name}`);
    await screenshot(page, 'floor-refused');
    expect(racksOfRoom(roomId).find((r) => r.id === mover.id)).toMatchObject({ gridX: mover.gridX, gridY: mover.gridY });

    // Onto free floor below the last row: saved.
    const lowest = Math.max(...before.map((r) => r.gridY + r.depthTiles));
    const target = { x: mover.gridX + 2, y: lowest + 1 };
    expect(before.some((r) => r.gridX === target.x && Math.abs(r.gridY - target.y) < 2)).toBe(false);
    const ontoFloor = await tileToPage(page, target.x + 0.5, target.y + 1);
    await drag(page, grab, ontoFloor);
    await expect.poll(() => racksOfRoom(roomId).find((r) => r.id === mover.id), { timeout: 10_000 }).toMatchObject({ gridX: target.x, gridY: target.y });
    await screenshot(page, 'floor-moved');

    // After a reload the map draws the rack at its new place: hovering there names it.
    await page.reload();
    await page.waitForSelector('canvas.floor-canvas[data-first-frame-at]', { timeout: 30_000 });
    const there = await tileToPage(page, target.x + 0.5, target.y + 1);
    await page.mouse.move(there.x, there.y);
    await page.mouse.move(there.x + 1, there.y + 1);
    const tooltip = page.locator('.floor-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toContain(mover.name);
    await screenshot(page, 'floor-after-reload');

    // A click opens the rack.
    await page.mouse.click(there.x, there.y);
    await page.waitForURL(new RegExp(`#/rack/${mover.id}\\b`), { timeout: 10_000 });
  });
});
