import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement, type ReactNode } from 'react';
import type { RackSummary } from '../../app/inventory/room';
import { formatKwPair } from '../shell/format';
import { COOLING_LABELS } from '../shell/labels';
import { Meter } from '../shell/Meter';
import { sortRacks, type RackSort, type RackSortKey } from './sort-racks';
import { rowWindow, scrollToRow } from './virtual-window';

/** Fixed row height: what makes the table virtualizable (row i sits at i × ROW_PX). */
export const ROW_PX = 26;
const PAGE_ROWS = 20;

interface Column {
  readonly key: RackSortKey;
  readonly label: string;
  readonly width: string;
  readonly numeric?: boolean;
  readonly render: (rack: RackSummary) => ReactNode;
}

const COLUMNS: readonly Column[] = [
  { key: 'name', label: 'Rack', width: 'minmax(90px, 1.1fr)', render: (r) => <span className="mono strong">{r.name}</span> },
  { key: 'row', label: 'Row', width: '56px', render: (r) => r.row ?? <span className="muted">—</span> },
  { key: 'uUsed', label: 'U used', width: 'minmax(120px, 1fr)', render: (r) => <Meter used={r.uUsed} total={r.uHeight} label={`${r.uUsed}/${r.uHeight} U`} banded={false} /> },
  {
    key: 'power',
    label: 'Power max / budget',
    width: 'minmax(160px, 1.3fr)',
    render: (r) => <Meter used={r.powerMaxKw} total={r.powerBudgetKw} label={formatKwPair(r.powerMaxKw, r.powerBudgetKw)} />,
  },
  { key: 'cooling', label: 'Cooling', width: '100px', render: (r) => <span className={`cooling cooling-${r.cooling}`}>{COOLING_LABELS[r.cooling]}</span> },
  { key: 'loop', label: 'Loop', width: 'minmax(70px, 0.7fr)', render: (r) => r.loop ?? <span className="muted">—</span> },
  { key: 'devices', label: 'Devices', width: '64px', numeric: true, render: (r) => r.devices },
  { key: 'accelerators', label: 'GPUs', width: '56px', numeric: true, render: (r) => r.accelerators },
  { key: 'acceleratorsNotOk', label: 'GPUs not ok', width: '84px', numeric: true, render: (r) => (r.acceleratorsNotOk > 0 ? <span className="band-over strong">{r.acceleratorsNotOk}</span> : <span className="muted">0</span>) },
];

const GRID = COLUMNS.map((c) => c.width).join(' ');

/**
 * Every rack of a room, sortable, rendering only the rows in view so a 1,000-rack hall scrolls as smoothly
 * as a 10-rack one. Arrows/PageUp/PageDown/Home/End move, Enter opens the rack.
 */
export function RacksTable(props: { racks: readonly RackSummary[]; onOpen: (rackId: number) => void }): ReactElement {
  const [sort, setSort] = useState<RackSort>({ key: 'name', descending: false });
  const [cursor, setCursor] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const bodyRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => sortRacks(props.racks, sort), [props.racks, sort]);

  useLayoutEffect(() => {
    const element = bodyRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    setCursor((c) => Math.min(c, Math.max(0, rows.length - 1)));
  }, [rows.length]);

  const win = rowWindow(rows.length, ROW_PX, scrollTop, viewport);

  function moveTo(index: number): void {
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    setCursor(clamped);
    const element = bodyRef.current;
    if (element) element.scrollTop = scrollToRow(clamped, ROW_PX, element.scrollTop, element.clientHeight);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const handled: Record<string, () => void> = {
      ArrowDown: () => moveTo(cursor + 1),
      ArrowUp: () => moveTo(cursor - 1),
      PageDown: () => moveTo(cursor + PAGE_ROWS),
      PageUp: () => moveTo(cursor - PAGE_ROWS),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => {
        const rack = rows[cursor];
        if (rack) props.onOpen(rack.id);
      },
    };
    const action = handled[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  function toggleSort(key: RackSortKey): void {
    setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: COLUMNS.find((c) => c.key === key)?.numeric === true }));
  }

  return (
    <div className="vtable">
      <div className="vtable-grid" role="grid" aria-rowcount={rows.length + 1} aria-label="Racks">
      <div className="vtable-head" role="row" style={{ gridTemplateColumns: GRID }}>
        {COLUMNS.map((column) => (
          <span key={column.key} role="columnheader" className="vtable-thcell" aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
            <button type="button" className={`vtable-th${column.numeric ? ' num' : ''}${sort.key === column.key ? ' is-sorted' : ''}`} onClick={() => toggleSort(column.key)}>
              {column.label}
              {sort.key === column.key ? (sort.descending ? ' ▾' : ' ▴') : ''}
            </button>
          </span>
        ))}
      </div>
      <div ref={bodyRef} className="vtable-body" role="rowgroup" aria-label="Racks, ↑↓ to move, Enter to open" tabIndex={0} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} onKeyDown={onKeyDown}>
        <div style={{ height: win.totalPx, position: 'relative' }}>
          {rows.slice(win.first, win.last).map((rack, i) => {
            const index = win.first + i;
            return (
              <div
                key={rack.id}
                role="row"
                aria-rowindex={index + 2}
                data-rack-id={rack.id}
                className={`vtable-row${index === cursor ? ' is-cursor' : ''}${index % 2 ? ' is-odd' : ''}`}
                style={{ gridTemplateColumns: GRID, transform: `translateY(${index * ROW_PX}px)`, height: ROW_PX }}
                onClick={() => {
                  setCursor(index);
                  props.onOpen(rack.id);
                }}
              >
                {COLUMNS.map((column) => (
                  <span key={column.key} role="gridcell" className={column.numeric ? 'vtable-td num' : 'vtable-td'}>
                    {column.render(rack)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      </div>
      <div className="vtable-foot muted">
        {rows.length} racks · showing rows {rows.length === 0 ? 0 : win.first + 1}–{win.last} · ↑↓ PgUp PgDn move · Enter opens
      </div>
    </div>
  );
}
