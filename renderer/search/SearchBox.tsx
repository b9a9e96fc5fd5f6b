import { forwardRef, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { SearchHit } from '../../app/inventory/types';
import { api } from '../api/client';
import { navigate } from '../shell/router';
import { FIELD_LABELS, flattenGroups, groupHits, hitRoute, KIND_LABELS, splitLabel } from './hits';

/** Typing pauses shorter than this do not send a query; long enough to skip keystrokes, short enough to feel live. */
const SEARCH_DEBOUNCE_MS = 80;
const SEARCH_LIMIT = 40;

interface Results {
  readonly query: string;
  readonly hits: readonly SearchHit[];
  readonly error: string | null;
}

/** The typed prefix picked out in the matched value, so the eye goes to what differs. */
function Value(props: { value: string; query: string }): ReactElement {
  const { value, query } = props;
  if (query.length === 0 || !value.toLowerCase().startsWith(query.toLowerCase())) return <>{value}</>;
  return (
    <>
      <mark>{value.slice(0, query.length)}</mark>
      {value.slice(query.length)}
    </>
  );
}

function HitRow(props: { hit: SearchHit; query: string; active: boolean; onChoose: () => void; onHover: () => void }): ReactElement {
  const { hit } = props;
  const { value, what } = splitLabel(hit.label);
  return (
    <li
      id={`hit-${hit.kind}-${hit.id}-${hit.field}`}
      role="option"
      aria-selected={props.active}
      className={props.active ? 'hit is-active' : 'hit'}
      onMouseDown={(event) => {
        // Keep focus in the box; the click still chooses.
        event.preventDefault();
      }}
      onClick={props.onChoose}
      onMouseMove={props.onHover}
    >
      <span className={`hit-kind kind-${hit.kind}`}>{KIND_LABELS[hit.kind]}</span>
      <span className="hit-main">
        <span className="hit-value mono" title={value}>
          <Value value={value} query={props.query} />
        </span>
        {what ? <span className="hit-what">{what}</span> : null}
      </span>
      <span className="hit-field">
        {FIELD_LABELS[hit.field] ?? hit.field}
        {hit.exact ? ' · exact' : ''}
      </span>
      <span className="hit-path mono">{hit.path}</span>
    </li>
  );
}

/** The global search: results as you type, grouped by kind, arrows + Enter to jump to the part. */
export const SearchBox = forwardRef<HTMLInputElement>(function SearchBox(_props, inputRef): ReactElement {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results>({ query: '', hits: [], error: null });
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(0);
  const sequence = useRef(0);
  // Enter pressed before the newest answer arrived: choose its first hit when it does.
  const enterPending = useRef(false);

  useEffect(() => {
    const trimmed = query.trim();
    if (trimmed.length === 0) {
      setResults({ query: '', hits: [], error: null });
      return;
    }
    const mine = ++sequence.current;
    const timer = window.setTimeout(() => {
      api.call('inventory.search', { query: trimmed, limit: SEARCH_LIMIT }).then(
        (hits) => {
          // Answers can arrive out of order; only the newest query's answer is shown.
          if (mine === sequence.current) {
            setResults({ query: trimmed, hits, error: null });
            setActiveIndex(0);
          }
        },
        (error: unknown) => {
          if (mine === sequence.current) setResults({ query: trimmed, hits: [], error: error instanceof Error ? error.message : String(error) });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [query]);

  const groups = useMemo(() => groupHits(results.hits), [results.hits]);
  const flat = useMemo(() => flattenGroups(groups), [groups]);
  const active = flat[Math.min(activeIndex, flat.length - 1)];

  useEffect(() => {
    if (active) document.getElementById(`hit-${active.kind}-${active.id}-${active.field}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  function choose(hit: SearchHit | undefined): void {
    if (!hit) return;
    navigate(hitRoute(hit));
    setOpen(false);
    const input = typeof inputRef === 'object' ? inputRef?.current : null;
    input?.blur();
  }

  useEffect(() => {
    if (enterPending.current && query.trim() === results.query) {
      enterPending.current = false;
      choose(flat[0]);
    }
  });

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    switch (event.key) {
      case 'ArrowDown':
        setOpen(true);
        setActiveIndex((i) => Math.min(flat.length - 1, i + 1));
        break;
      case 'ArrowUp':
        setActiveIndex((i) => Math.max(0, i - 1));
        break;
      case 'Enter':
        if (query.trim() !== results.query) enterPending.current = true;
        else choose(active);
        break;
      case 'Escape':
        if (open && query) setOpen(false);
        else event.currentTarget.blur();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  const showPanel = open && query.trim().length > 0;
  const pending = query.trim() !== results.query;
  let indexBase = 0;
  return (
    <div className="search">
      <input
        ref={inputRef}
        className="search-input mono"
        type="search"
        placeholder="Search serial, GPU UUID, asset tag, hostname, rack…   Ctrl+K"
        aria-label="Search the inventory"
        role="combobox"
        aria-expanded={showPanel}
        aria-controls="search-results"
        aria-activedescendant={showPanel && active ? `hit-${active.kind}-${active.id}-${active.field}` : undefined}
        spellCheck={false}
        autoComplete="off"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
        }}
        onFocus={(event) => {
          setOpen(true);
          event.target.select();
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {showPanel ? (
        <div className="search-panel" id="search-results" role="listbox" aria-label="Search results">
          {results.error ? <div className="search-note error-text">{results.error}</div> : null}
          {!pending && !results.error && flat.length === 0 ? <div className="search-note">Nothing matches “{results.query}”. Search finds exact values and prefixes.</div> : null}
          {groups.map((group) => {
            const base = indexBase;
            indexBase += group.hits.length;
            return (
              <div key={group.kind} className="hit-group">
                <div className="hit-group-head">
                  {KIND_LABELS[group.kind]} <span className="muted">{group.hits.length}</span>
                </div>
                <ul>
                  {group.hits.map((hit, i) => (
                    <HitRow key={`${hit.kind}-${hit.id}-${hit.field}`} hit={hit} query={results.query} active={active === hit} onChoose={() => choose(hit)} onHover={() => setActiveIndex(base + i)} />
                  ))}
                </ul>
              </div>
            );
          })}
          <div className="search-foot muted">↑↓ move · Enter open · Esc close{pending ? ' · searching…' : ''}</div>
        </div>
      ) : null}
    </div>
  );
});
