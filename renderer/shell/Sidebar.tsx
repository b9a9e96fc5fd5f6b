import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { RackSummary } from '../../app/inventory/room';
import { api } from '../api/client';
import { useDataVersion } from '../api/data-version';
import { useRequest } from '../api/use-request';
import { useNavContext } from './nav-context';
import { navigate } from './router';
import { buildTree, rackKey, roomKey, rowKey, siteKey, type TreeItem } from './tree-model';
import { TreeRow } from './TreeRow';

const EXPANDED_KEY = 'floorwalk.tree.expanded';

function loadExpanded(): Set<string> {
  try {
    const saved = JSON.parse(localStorage.getItem(EXPANDED_KEY) ?? '[]') as unknown;
    return new Set(Array.isArray(saved) ? saved.filter((k): k is string => typeof k === 'string') : []);
  } catch {
    return new Set();
  }
}

/** Sites → rooms → rows → racks with counts; arrows move, Right/Left open and close, Enter opens the view. */
export function Sidebar(): ReactElement {
  const tree = useRequest('inventory.tree', {});
  const version = useDataVersion();
  const nav = useNavContext();
  const [expanded, setExpanded] = useState<Set<string>>(loadExpanded);
  const [racksByRoom, setRacksByRoom] = useState<ReadonlyMap<number, readonly RackSummary[]>>(new Map());
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    localStorage.setItem(EXPANDED_KEY, JSON.stringify([...expanded]));
  }, [expanded]);

  // Open rooms need their racks: fetch each open room once per data version (after a write, again).
  const openRooms = useMemo(() => [...expanded].filter((k) => k.startsWith('m')).map((k) => Number(k.slice(1))), [expanded]);
  const requested = useRef(new Map<number, number>());
  useEffect(() => {
    const wanted = openRooms.filter((id) => requested.current.get(id) !== version);
    if (wanted.length === 0) return;
    for (const id of wanted) requested.current.set(id, version);
    void Promise.all(wanted.map(async (roomId) => [roomId, await api.call('room.racks', { roomId }).catch(() => [] as RackSummary[])] as const)).then((loaded) => {
      setRacksByRoom((previous) => {
        const next = new Map(previous);
        for (const [roomId, racks] of loaded) next.set(roomId, racks);
        return next;
      });
    });
  }, [openRooms, version]);

  // Follow the open view: expand its branch and put the cursor on it.
  useEffect(() => {
    const keys: string[] = [];
    if (nav.siteId !== null) keys.push(siteKey(nav.siteId));
    if (nav.roomId !== null) keys.push(roomKey(nav.roomId));
    if (nav.roomId !== null && nav.rackId !== null) keys.push(rowKey(nav.roomId, nav.row));
    if (keys.length === 0) return;
    // Expand the ancestors, not the node itself (opening a room does not unfold its rows).
    const ancestors = nav.rackId !== null ? keys : keys.slice(0, -1);
    setExpanded((previous) => (ancestors.every((k) => previous.has(k)) ? previous : new Set([...previous, ...ancestors])));
    setActiveKey(nav.rackId !== null ? rackKey(nav.rackId) : (keys[keys.length - 1] ?? null));
  }, [nav]);

  const items = useMemo(() => buildTree(tree.data ?? [], expanded, racksByRoom), [tree.data, expanded, racksByRoom]);
  const activeIndex = items.findIndex((i) => i.key === activeKey);
  const currentKey = nav.rackId !== null ? rackKey(nav.rackId) : nav.roomId !== null ? roomKey(nav.roomId) : nav.siteId !== null ? siteKey(nav.siteId) : null;

  useEffect(() => {
    if (!activeKey) return;
    document.getElementById(`tree-${activeKey}`)?.scrollIntoView({ block: 'nearest' });
  }, [activeKey, items.length]);

  const toggle = useCallback((item: TreeItem, open?: boolean) => {
    if (!item.expandable) return;
    setExpanded((previous) => {
      const next = new Set(previous);
      if (open ?? !next.has(item.key)) next.add(item.key);
      else next.delete(item.key);
      return next;
    });
  }, []);

  const open = useCallback(
    (item: TreeItem) => {
      setActiveKey(item.key);
      if (item.route) navigate(item.route);
      else toggle(item);
    },
    [toggle],
  );

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (items.length === 0) return;
    const index = activeIndex < 0 ? 0 : activeIndex;
    const item = items[index];
    if (!item) return;
    const move = (to: number): void => {
      const target = items[Math.max(0, Math.min(items.length - 1, to))];
      if (target) setActiveKey(target.key);
    };
    switch (event.key) {
      case 'ArrowDown':
        move(activeIndex < 0 ? 0 : index + 1);
        break;
      case 'ArrowUp':
        move(index - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(items.length - 1);
        break;
      case 'ArrowRight':
        if (item.expandable && !item.expanded) toggle(item, true);
        else if (item.expanded) move(index + 1);
        break;
      case 'ArrowLeft':
        if (item.expanded) toggle(item, false);
        else if (item.parentKey) setActiveKey(item.parentKey);
        break;
      case 'Enter':
        open(item);
        break;
      case ' ':
        toggle(item);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  return (
    <nav className="sidebar" aria-label="Sites, rooms, rows and racks">
      <div className="sidebar-head">
        <span>Sites</span>
        {tree.data ? <span className="muted">{tree.data.length}</span> : null}
      </div>
      {tree.error ? <div className="error-text pad">{tree.error.message}</div> : null}
      <div
        ref={listRef}
        className="tree"
        role="tree"
        tabIndex={0}
        aria-activedescendant={activeKey ? `tree-${activeKey}` : undefined}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (activeKey === null && items[0]) setActiveKey(items[0].key);
        }}
      >
        {items.map((item) => (
          <TreeRow key={item.key} item={item} active={item.key === activeKey} current={item.key === currentKey} onToggle={() => toggle(item)} onOpen={() => open(item)} />
        ))}
      </div>
    </nav>
  );
}
