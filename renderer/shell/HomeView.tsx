import { useEffect, type ReactElement } from 'react';
import { useRequest } from '../api/use-request';
import { openEditor } from '../editing/editor-store';
import { formatBytes, formatCount } from './format';
import { setNavContext } from './nav-context';
import { RoomsTable } from './RoomsTable';
import { Fact, ViewHeader } from './ViewHeader';

/** Every site and hall at a glance, with what the database holds. */
export function HomeView(): ReactElement {
  const tree = useRequest('inventory.tree', {});
  const stats = useRequest('inventory.stats', {});
  const info = useRequest('db.info', {});
  useEffect(() => setNavContext({}), []);

  return (
    <div className="view view-home">
      <ViewHeader
        crumbs={[]}
        title="All sites"
        actions={
          <button type="button" className="btn btn-primary" onClick={() => openEditor({ kind: 'site.create' })}>
            Add site
          </button>
        }
      />
      {stats.data ? (
        <div className="facts">
          <Fact label="Sites">{formatCount(stats.data.sites)}</Fact>
          <Fact label="Rooms">{formatCount(stats.data.rooms)}</Fact>
          <Fact label="Rows">{formatCount(stats.data.rows)}</Fact>
          <Fact label="Racks">{formatCount(stats.data.racks)}</Fact>
          <Fact label="Devices">{formatCount(stats.data.devices)}</Fact>
          <Fact label="GPUs">{formatCount(stats.data.accelerators)}</Fact>
          <Fact label="Cooling units">{formatCount(stats.data.coolingUnits)}</Fact>
          <Fact label="Sensors">{formatCount(stats.data.sensors)}</Fact>
          <Fact label="Changes logged">
            <a href="#/changes">{formatCount(stats.data.changes)}</a>
          </Fact>
          {info.data ? (
            <Fact label="Database" wide>
              <span className="mono">{info.data.path}</span>
              <div className="fact-sub">
                schema v{info.data.schemaVersion} · {formatBytes(info.data.sizeBytes)}
                {info.data.demo ? ` · demo, seed ${info.data.demo.seed}` : ''}
              </div>
              {info.data.readOnly ? <div className="fact-sub readonly-note">Read-only: {info.data.readOnly.replace(/^.* is read-only: /, '')}. Views, search, export and reports work; changes are refused.</div> : null}
            </Fact>
          ) : null}
        </div>
      ) : null}
      <div className="view-body">
        {tree.error ? <div className="view-error">{tree.error.message}</div> : null}
        {tree.data ? (
          tree.data.length === 0 ? (
            <div className="empty-state">
              No sites yet. <button type="button" className="link-btn" onClick={() => openEditor({ kind: 'site.create' })}>Add the first site</button> or{' '}
              <a href="#/import">import a CSV</a>.
            </div>
          ) : (
            <RoomsTable sites={tree.data} showSite />
          )
        ) : null}
      </div>
    </div>
  );
}
