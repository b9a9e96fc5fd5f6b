import { useRef, type KeyboardEvent, type ReactElement, type ReactNode } from 'react';

export interface TabItem {
  readonly id: string;
  readonly label: ReactNode;
}

/** Where an arrow, Home or End key moves in a row of n tabs; null for any other key. Pure, for tests. */
export function nextTabIndex(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowRight':
      return (current + 1) % count;
    case 'ArrowLeft':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * The WAI-ARIA tab pattern: one tab stop (the selected tab), ←/→ move and select, Home/End go to the ends.
 * Each tab controls the panel `${idPrefix}-panel`; the caller renders that panel with `tabPanelProps`.
 */
export function Tabs(props: { label: string; idPrefix: string; tabs: readonly TabItem[]; selected: string; onSelect: (id: string) => void; className?: string }): ReactElement {
  const listRef = useRef<HTMLDivElement>(null);
  const index = Math.max(
    0,
    props.tabs.findIndex((t) => t.id === props.selected),
  );
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const next = nextTabIndex(event.key, index, props.tabs.length);
    if (next === null) return;
    event.preventDefault();
    const tab = props.tabs[next];
    if (!tab) return;
    props.onSelect(tab.id);
    listRef.current?.querySelector<HTMLElement>(`#${props.idPrefix}-tab-${tab.id}`)?.focus();
  }
  return (
    <div ref={listRef} className={props.className ? `tabs ${props.className}` : 'tabs'} role="tablist" aria-label={props.label} onKeyDown={onKeyDown}>
      {props.tabs.map((t) => {
        const selected = t.id === props.selected;
        return (
          <button
            key={t.id}
            id={`${props.idPrefix}-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={selected}
            aria-controls={`${props.idPrefix}-panel`}
            tabIndex={selected ? 0 : -1}
            className={selected ? 'tab is-active' : 'tab'}
            onClick={() => props.onSelect(t.id)}
          >
            {t.label}
          </button>
        );
      })}
    </div>
  );
}

/** Props for the panel a Tabs row controls. */
export function tabPanelProps(idPrefix: string, selected: string): { id: string; role: 'tabpanel'; 'aria-labelledby': string } {
  return { id: `${idPrefix}-panel`, role: 'tabpanel', 'aria-labelledby': `${idPrefix}-tab-${selected}` };
}
