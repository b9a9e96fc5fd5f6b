import { useEffect, type ReactElement } from 'react';
import type { RoomNode } from '../../app/inventory/types';
import { useRequest } from '../api/use-request';
import { openEditor } from '../editing/editor-store';
import { formatCount } from './format';
import { setNavContext } from './nav-context';
import { RoomsTable } from './RoomsTable';
import { Fact, ViewHeader } from './ViewHeader';
import { NotFoundView } from './NotFoundView';

export function SiteView(props: { siteId: number }): ReactElement {
  const tree = useRequest('inventory.tree', {});
  const site = tree.data?.find((s) => s.id === props.siteId) ?? null;
  useEffect(() => setNavContext({ siteId: props.siteId }), [props.siteId]);

  if (tree.error) return <div className="view-error">{tree.error.message}</div>;
  if (!tree.data) return <div className="view-loading">Loading site…</div>;
  if (!site) return <NotFoundView what={`Site ${props.siteId} does not exist (it may have been deleted)`} />;

  const total = (pick: (r: RoomNode) => number): number => site.rooms.reduce((sum, r) => sum + pick(r), 0);
  return (
    <div className="view view-site">
      <ViewHeader
        crumbs={[{ label: 'All sites', route: { view: 'home' } }]}
        title={
          <>
            {site.code} <span className="muted title-sub">{site.name}</span>
          </>
        }
        actions={
          <>
            <button type="button" className="btn btn-primary" onClick={() => openEditor({ kind: 'room.create', siteId: site.id, siteCode: site.code })}>
              Add room
            </button>
            <button type="button" className="btn" onClick={() => openEditor({ kind: 'site.update', site })}>
              Edit site
            </button>
            <a className="btn" href={`#/history/site/${site.id}`}>
              History
            </a>
            <button type="button" className="btn btn-danger-quiet" onClick={() => openEditor({ kind: 'delete', entity: 'site', id: site.id, label: site.code, after: { view: 'home' } })}>
              Delete
            </button>
          </>
        }
      />
      <div className="facts">
        <Fact label="Time zone">{site.timezone}</Fact>
        <Fact label="Rooms">{site.rooms.length}</Fact>
        <Fact label="Racks">{formatCount(total((r) => r.racks))}</Fact>
        <Fact label="Devices">{formatCount(total((r) => r.devices))}</Fact>
        <Fact label="GPUs">{formatCount(total((r) => r.accelerators))}</Fact>
      </div>
      <div className="view-body">
        {site.rooms.length === 0 ? <div className="empty-state">No rooms in this site yet.</div> : <RoomsTable sites={[site]} showSite={false} />}
      </div>
    </div>
  );
}
