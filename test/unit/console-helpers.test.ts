import { describe, expect, it } from 'vitest';
import type { RackSummary } from '../../app/inventory/room';
import type { SearchHit, SiteNode } from '../../app/inventory/types';
import type { ChangeEntry } from '../../app/inventory/change-log';
import { parseRoute, routeHash, type Route } from '../../renderer/shell/route';
import { buildTree, groupByRow } from '../../renderer/shell/tree-model';
import { groupHits, hitRoute, splitLabel } from '../../renderer/search/hits';
import { rowWindow, scrollToRow } from '../../renderer/room/virtual-window';
import { sortRacks } from '../../renderer/room/sort-racks';
import { changedFields, describeChange } from '../../renderer/history/describe';
import { diffPatch } from '../../renderer/editing/form-types';

/** The console's pure pieces: routes, the tree, search hits, the virtual window, sorting, change diffs. */

function rack(id: number, name: string, row: string | null, extra: Partial<RackSummary> = {}): RackSummary {
  return {
    id,
    name,
    row,
    gridX: id,
    gridY: 0,
    facing: 'S',
    uHeight: 42,
    uUsed: 10,
    devices: 3,
    accelerators: 16,
    acceleratorsNotOk: 0,
    powerMaxKw: 20,
    powerBudgetKw: 40,
    cooling: 'dlc',
    loop: null,
    assetTag: null,
    ...extra,
  };
}

describe('routes', () => {
  it('round-trip through the hash', () => {
    const routes: Route[] = [
      { view: 'home' },
      { view: 'site', siteId: 3 },
      { view: 'room', roomId: 5, tab: 'racks' },
      { view: 'room', roomId: 5, tab: 'floor' },
      { view: 'rack', rackId: 120, deviceId: 33, acceleratorId: 7, u: 11 },
      { view: 'rack', rackId: 120, deviceId: null, acceleratorId: null, u: null },
      { view: 'device', deviceId: 9, acceleratorId: null },
      { view: 'changes' },
      { view: 'history', entity: 'device', entityId: 9 },
      { view: 'import' },
      { view: 'telemetry' },
      { view: 'audit', auditId: null },
      { view: 'room', roomId: 5, tab: 'heatmap' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
    expect(routeHash({ view: 'rack', rackId: 120, deviceId: 33, acceleratorId: null, u: 11 })).toBe('#/rack/120?device=33&u=11');
    expect(routeHash({ view: 'room', roomId: 5, tab: 'floor' })).toBe('#/room/5/floor');
    expect(parseRoute('#/room/5?tab=heatmap')).toEqual({ view: 'room', roomId: 5, tab: 'heatmap' });
  });

  it('names a place it does not know as not found (never silently home), and ignores junk query ids', () => {
    expect(parseRoute('')).toEqual({ view: 'home' });
    expect(parseRoute('#/')).toEqual({ view: 'home' });
    expect(parseRoute('#token=abc')).toEqual({ view: 'home' });
    expect(parseRoute('#/rack/abc')).toEqual({ view: 'not-found', hash: '#/rack/abc' });
    expect(parseRoute('#/rack/0')).toEqual({ view: 'not-found', hash: '#/rack/0' });
    expect(parseRoute('#/no-such-place')).toEqual({ view: 'not-found', hash: '#/no-such-place' });
    expect(parseRoute('#/audit/nope')).toEqual({ view: 'not-found', hash: '#/audit/nope' });
    expect(parseRoute('#/rack/4?device=-1&u=x')).toEqual({ view: 'rack', rackId: 4, deviceId: null, acceleratorId: null, u: null });
    expect(parseRoute('#/history/planet/3')).toEqual({ view: 'not-found', hash: '#/history/planet/3' });
  });

  it('carries the time of the finding a rack was opened from, and only a real instant', () => {
    const route = { view: 'rack', rackId: 7, deviceId: null, acceleratorId: null, u: null, findingAt: '2026-12-03T06:40:00.000Z' } as const;
    expect(routeHash(route)).toBe('#/rack/7?finding=2026-12-03T06%3A40%3A00.000Z');
    expect(parseRoute(routeHash(route))).toEqual(route);
    expect(parseRoute('#/rack/7?finding=<script>')).toEqual({ view: 'rack', rackId: 7, deviceId: null, acceleratorId: null, u: null });
  });
});

describe('sidebar tree', () => {
  const sites: SiteNode[] = [
    {
      id: 1,
      code: 'PHX1',
      name: 'Phoenix',
      timezone: 'America/Phoenix',
      rooms: [{ id: 10, name: 'DH1', ashraeClass: 'A2', widthTiles: 30, depthTiles: 20, racks: 3, devices: 9, accelerators: 48, powerBudgetKw: 120, powerMaxKw: 60 }],
    },
  ];
  const racks = [rack(100, 'R02-01', 'R02'), rack(101, 'R01-01', 'R01'), rack(102, 'N1', null), rack(103, 'R01-02', 'R01')];

  it('groups racks by row, rows in natural order, racks with no row last', () => {
    expect(groupByRow(racks).map((g) => [g.row, g.racks.map((r) => r.id)])).toEqual([
      ['R01', [101, 103]],
      ['R02', [100]],
      [null, [102]],
    ]);
  });

  it('shows only what is expanded, with summed counts per row', () => {
    expect(buildTree(sites, new Set(), new Map()).map((i) => i.key)).toEqual(['s1']);
    const open = buildTree(sites, new Set(['s1', 'm10', 'w10:R01']), new Map([[10, racks]]));
    expect(open.map((i) => i.key)).toEqual(['s1', 'm10', 'w10:R01', 'k101', 'k103', 'w10:R02', 'w10:']);
    const row = open.find((i) => i.key === 'w10:R01')!;
    expect(row.counts).toMatchObject({ racks: 2, devices: 6, accelerators: 32, powerMaxKw: 40, powerBudgetKw: 80 });
    expect(open.find((i) => i.key === 'k103')!.parentKey).toBe('w10:R01');
    expect(open[0]!.counts).toMatchObject({ racks: 3, accelerators: 48 });
  });

  it('marks an open room whose racks are not loaded yet as loading', () => {
    expect(buildTree(sites, new Set(['s1', 'm10']), new Map()).find((i) => i.key === 'm10')!.loading).toBe(true);
  });
});

describe('search hits', () => {
  const hit = (kind: SearchHit['kind'], id: number, extra: Partial<SearchHit> = {}): SearchHit => ({
    kind,
    id,
    label: `X${id} — thing`,
    field: 'serial',
    exact: false,
    path: 'PHX1 / DH1 / R01-01',
    siteId: 1,
    roomId: 10,
    rackId: 100,
    deviceId: 55,
    ...extra,
  });

  it('groups GPUs first and exact matches first within a group', () => {
    const groups = groupHits([hit('rack', 1), hit('accelerator', 2), hit('accelerator', 3, { exact: true }), hit('device', 4)]);
    expect(groups.map((g) => g.kind)).toEqual(['accelerator', 'device', 'rack']);
    expect(groups[0]!.hits.map((h) => h.id)).toEqual([3, 2]);
  });

  it('jumps to the rack with the device and GPU picked, or to the device when it is not racked', () => {
    expect(hitRoute(hit('accelerator', 7))).toEqual({ view: 'rack', rackId: 100, deviceId: 55, acceleratorId: 7, u: null });
    expect(hitRoute(hit('device', 55))).toEqual({ view: 'rack', rackId: 100, deviceId: 55, acceleratorId: null, u: null });
    expect(hitRoute(hit('device', 56, { rackId: null }))).toEqual({ view: 'device', deviceId: 56, acceleratorId: null });
    expect(hitRoute(hit('sensor', 3, { rackId: null }))).toEqual({ view: 'room', roomId: 10, tab: 'racks' });
    expect(splitLabel('GPU-1 — H100 in n1')).toEqual({ value: 'GPU-1', what: 'H100 in n1' });
  });
});

describe('virtualized table', () => {
  it('renders only the rows in view plus overscan', () => {
    const win = rowWindow(1000, 26, 2600, 520, 5);
    expect(win).toEqual({ first: 95, last: 125, offsetPx: 95 * 26, totalPx: 26000 });
    expect(rowWindow(3, 26, 0, 520, 5)).toMatchObject({ first: 0, last: 3 });
  });

  it('scrolls just enough to show the cursor row', () => {
    expect(scrollToRow(10, 26, 0, 260)).toBe(26);
    expect(scrollToRow(2, 26, 100, 260)).toBe(52);
    expect(scrollToRow(5, 26, 0, 260)).toBe(0);
  });

  it('sorts racks by a column, keeping floor order on ties, over-budget racks last when ascending by power', () => {
    const racks = [rack(1, 'B', 'R1', { powerMaxKw: 50 }), rack(2, 'A', 'R1', { powerMaxKw: 10 }), rack(3, 'C', 'R2', { powerMaxKw: 10 })];
    expect(sortRacks(racks, { key: 'name', descending: false }).map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortRacks(racks, { key: 'power', descending: false }).map((r) => r.id)).toEqual([2, 3, 1]);
    expect(sortRacks(racks, { key: 'power', descending: true }).map((r) => r.id)).toEqual([1, 2, 3]);
  });
});

describe('change diffs and form patches', () => {
  const entry = (over: Partial<ChangeEntry>): ChangeEntry => ({
    id: 1,
    at: '2026-01-01T00:00:00Z',
    actor: 'tech',
    entity: 'device',
    entityId: 9,
    action: 'update',
    before: { hostname: 'n1', uPosition: 2, serial: 'S1' },
    after: { hostname: 'n1', uPosition: 12, serial: 'S1' },
    reason: null,
    changeSet: null,
    ...over,
  });

  it('lists only the fields an update changed', () => {
    expect(changedFields(entry({}))).toEqual([{ field: 'uPosition', before: '2', after: '12' }]);
    expect(describeChange(entry({}))).toBe('device n1 changed (uPosition)');
    expect(describeChange(entry({ action: 'create', before: null }))).toBe('device n1 created');
  });

  it('sends only what the technician changed', () => {
    expect(diffPatch({ a: 1, b: 'x', c: null }, { a: 1, b: 'y', c: null })).toEqual({ b: 'y' });
  });
});
