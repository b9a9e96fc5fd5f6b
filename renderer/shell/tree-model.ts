import type { RackSummary } from '../../app/inventory/room';
import type { SiteNode } from '../../app/inventory/types';
import type { Route } from './route';

/**
 * The sidebar tree flattened to the rows on screen: sites → rooms → rows → racks. Pure, so keyboard
 * navigation is just an index into this list.
 */

export type TreeKind = 'site' | 'room' | 'row' | 'rack';

export interface TreeCounts {
  readonly racks: number;
  readonly devices: number;
  readonly accelerators: number;
  readonly powerMaxKw: number;
  readonly powerBudgetKw: number;
  /** Racks only: U used of height. */
  readonly uUsed?: number;
  readonly uHeight?: number;
  readonly acceleratorsNotOk?: number;
}

export interface TreeItem {
  readonly key: string;
  readonly kind: TreeKind;
  readonly level: number;
  readonly label: string;
  readonly sublabel: string | null;
  readonly parentKey: string | null;
  readonly expandable: boolean;
  readonly expanded: boolean;
  /** Rooms whose racks are being fetched. */
  readonly loading: boolean;
  readonly counts: TreeCounts;
  readonly route: Route | null;
}

export const siteKey = (id: number): string => `s${id}`;
export const roomKey = (id: number): string => `m${id}`;
export const rowKey = (roomId: number, row: string | null): string => `w${roomId}:${row ?? ''}`;
export const rackKey = (id: number): string => `k${id}`;

export const NO_ROW_LABEL = 'no row';

function sumRacks(racks: readonly RackSummary[]): TreeCounts {
  let devices = 0;
  let accelerators = 0;
  let powerMaxKw = 0;
  let powerBudgetKw = 0;
  for (const rack of racks) {
    devices += rack.devices;
    accelerators += rack.accelerators;
    powerMaxKw += rack.powerMaxKw;
    powerBudgetKw += rack.powerBudgetKw;
  }
  return { racks: racks.length, devices, accelerators, powerMaxKw, powerBudgetKw };
}

/** Racks of a room grouped by row, rows in name order, racks in the order the core gave (floor order). */
export function groupByRow(racks: readonly RackSummary[]): Array<{ row: string | null; racks: RackSummary[] }> {
  const groups = new Map<string | null, RackSummary[]>();
  for (const rack of racks) {
    const list = groups.get(rack.row);
    if (list) list.push(rack);
    else groups.set(rack.row, [rack]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, undefined, { numeric: true })))
    .map(([row, list]) => ({ row, racks: list }));
}

export function buildTree(
  sites: readonly SiteNode[],
  expanded: ReadonlySet<string>,
  racksByRoom: ReadonlyMap<number, readonly RackSummary[]>,
): TreeItem[] {
  const items: TreeItem[] = [];
  for (const site of sites) {
    const sKey = siteKey(site.id);
    const siteOpen = expanded.has(sKey);
    const counts = site.rooms.reduce<TreeCounts>(
      (sum, room) => ({
        racks: sum.racks + room.racks,
        devices: sum.devices + room.devices,
        accelerators: sum.accelerators + room.accelerators,
        powerMaxKw: sum.powerMaxKw + room.powerMaxKw,
        powerBudgetKw: sum.powerBudgetKw + room.powerBudgetKw,
      }),
      { racks: 0, devices: 0, accelerators: 0, powerMaxKw: 0, powerBudgetKw: 0 },
    );
    items.push({
      key: sKey,
      kind: 'site',
      level: 0,
      label: site.code,
      sublabel: site.name,
      parentKey: null,
      expandable: site.rooms.length > 0,
      expanded: siteOpen,
      loading: false,
      counts,
      route: { view: 'site', siteId: site.id },
    });
    if (!siteOpen) continue;
    for (const room of site.rooms) {
      const mKey = roomKey(room.id);
      const roomOpen = expanded.has(mKey);
      const racks = racksByRoom.get(room.id);
      items.push({
        key: mKey,
        kind: 'room',
        level: 1,
        label: room.name,
        sublabel: `${room.ashraeClass} · ${room.widthTiles}×${room.depthTiles} tiles`,
        parentKey: sKey,
        expandable: room.racks > 0,
        expanded: roomOpen,
        loading: roomOpen && racks === undefined,
        counts: room,
        route: { view: 'room', roomId: room.id, tab: 'racks' },
      });
      if (!roomOpen || !racks) continue;
      for (const group of groupByRow(racks)) {
        const wKey = rowKey(room.id, group.row);
        const rowOpen = expanded.has(wKey);
        items.push({
          key: wKey,
          kind: 'row',
          level: 2,
          label: group.row ? `Row ${group.row}` : NO_ROW_LABEL,
          sublabel: null,
          parentKey: mKey,
          expandable: true,
          expanded: rowOpen,
          loading: false,
          counts: sumRacks(group.racks),
          route: null,
        });
        if (!rowOpen) continue;
        for (const rack of group.racks) {
          items.push({
            key: rackKey(rack.id),
            kind: 'rack',
            level: 3,
            label: rack.name,
            sublabel: null,
            parentKey: wKey,
            expandable: false,
            expanded: false,
            loading: false,
            counts: {
              racks: 1,
              devices: rack.devices,
              accelerators: rack.accelerators,
              powerMaxKw: rack.powerMaxKw,
              powerBudgetKw: rack.powerBudgetKw,
              uUsed: rack.uUsed,
              uHeight: rack.uHeight,
              acceleratorsNotOk: rack.acceleratorsNotOk,
            },
            route: { view: 'rack', rackId: rack.id, deviceId: null, acceleratorId: null, u: null },
          });
        }
      }
    }
  }
  return items;
}
