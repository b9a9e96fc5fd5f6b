import { forwardRef, type ReactElement } from 'react';
import { useRequest } from '../api/use-request';
import { TechnicianChip } from '../editing/TechnicianPrompt';
import { undoLast } from '../editing/undo';
import { SearchBox } from '../search/SearchBox';
import { formatCompact } from './format';
import type { Route } from './route';

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Database name and counts, the search box, and the few places that are not in the tree. */
export const TopBar = forwardRef<HTMLInputElement, { route: Route; sidebarShown: boolean; onToggleSidebar: () => void }>(function TopBar(props, searchRef): ReactElement {
  const stats = useRequest('inventory.stats', {});
  const info = useRequest('db.info', {});
  const s = stats.data;
  return (
    <header className="topbar">
      <button
        type="button"
        className="icon-btn sidebar-toggle"
        aria-label={props.sidebarShown ? 'Hide the site tree' : 'Show the site tree'}
        aria-expanded={props.sidebarShown}
        title={`${props.sidebarShown ? 'Hide' : 'Show'} the site tree (Ctrl+B)`}
        onClick={props.onToggleSidebar}
      >
        ☰
      </button>
      <a className="brand" href="#/" title="All sites">
        Floorwalk
      </a>
      <div className="db-chip" title={info.data ? `${info.data.path} · schema v${info.data.schemaVersion}` : undefined}>
        <span className="mono">
          {info.data ? baseName(info.data.path) : '…'}
          {info.data?.readOnly ? (
            <span className="readonly-badge" title={`${info.data.readOnly}. Views, search, export and reports work; changes are refused.`}>
              read-only
            </span>
          ) : null}
        </span>
        {s ? (
          <span className="db-stats">
            {s.sites} sites · {s.rooms} rooms · {formatCompact(s.racks)} racks · {formatCompact(s.devices)} devices · {formatCompact(s.accelerators)} GPUs
          </span>
        ) : null}
      </div>
      <SearchBox ref={searchRef} />
      <nav className="topnav">
        <a href="#/changes" className={props.route.view === 'changes' || props.route.view === 'history' ? 'is-active' : undefined}>
          Changes
        </a>
        <a href="#/health" className={props.route.view === 'health' ? 'is-active' : undefined}>
          Health
        </a>
        <a href="#/audit" className={props.route.view === 'audit' ? 'is-active' : undefined}>
          Audits
        </a>
        <a href="#/telemetry" className={props.route.view === 'telemetry' ? 'is-active' : undefined}>
          Telemetry
        </a>
        <a href="#/import" className={props.route.view === 'import' ? 'is-active' : undefined}>
          Import / export
        </a>
        <a href="#/sync" className={props.route.view === 'sync' ? 'is-active' : undefined}>
          Sync
        </a>
        <TechnicianChip />
        <button type="button" className="btn btn-small" title="Undo the last change (Ctrl+Z)" onClick={() => void undoLast()}>
          Undo
        </button>
      </nav>
    </header>
  );
});
