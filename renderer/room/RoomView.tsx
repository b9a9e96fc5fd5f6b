import { useEffect, type ReactElement } from 'react';
import { useRequest } from '../api/use-request';
import { openEditor } from '../editing/editor-store';
import { setNavContext } from '../shell/nav-context';
import { rackRoute, type Route } from '../shell/route';
import { Tabs, tabPanelProps } from '../shell/Tabs';
import { navigate } from '../shell/router';
import { ViewHeader } from '../shell/ViewHeader';
import { HeatmapView } from '../heatmap/HeatmapView';
import { FloorView } from '../floor/FloorView';
import { CapacityView } from '../capacity/CapacityView';
import { PowerChainView } from '../power/PowerChainView';
import { RacksTable } from './RacksTable';
import { RoomFacts } from './RoomFacts';
import { ViewError } from '../shell/NotFoundView';

export interface RoomTab {
  readonly id: string;
  readonly label: string;
}

/** The room's tabs. "racks" is the table below; other views of the same room are added here. */
export const ROOM_TABS: readonly RoomTab[] = [
  { id: 'racks', label: 'Racks' },
  { id: 'floor', label: 'Floor' },
  { id: 'heatmap', label: 'Heatmap' },
  { id: 'capacity', label: 'Capacity' },
  { id: 'power', label: 'Power chain' },
];

export function RoomView(props: { roomId: number; tab: string }): ReactElement {
  const room = useRequest('room.detail', { roomId: props.roomId });
  // Only the Racks tab shows the table; the floor and heatmap tabs must not wait behind its query.
  const racks = useRequest('room.racks', ROOM_TABS.some((t) => t.id === props.tab) && props.tab !== 'racks' ? null : { roomId: props.roomId });
  const detail = room.data;

  useEffect(() => {
    if (detail) setNavContext({ siteId: detail.site.id, roomId: detail.id });
  }, [detail]);

  if (room.error) return <ViewError error={room.error} />;
  if (!detail) return <div className="view-loading">Loading room…</div>;

  const siteRoute: Route = { view: 'site', siteId: detail.site.id };
  const tab = ROOM_TABS.some((t) => t.id === props.tab) ? props.tab : 'racks';
  return (
    <div className="view view-room">
      <ViewHeader
        crumbs={[{ label: detail.site.code, route: siteRoute }]}
        title={detail.name}
        tag={<span className="tag">{detail.ashraeClass}</span>}
        middle={
          <>
            <Tabs label="Hall views" idPrefix="room" tabs={ROOM_TABS} selected={tab} onSelect={(id) => navigate({ view: 'room', roomId: detail.id, tab: id })} />
            <RoomFacts room={detail} />
          </>
        }
        actions={
          <>
            <button type="button" className="btn btn-small btn-primary" onClick={() => openEditor({ kind: 'rack.create', roomId: detail.id, roomName: detail.name, rowId: null })}>
              Add rack
            </button>
            <button type="button" className="btn btn-small" onClick={() => openEditor({ kind: 'room.update', room: detail })}>
              Edit
            </button>
            <a className="btn btn-small" href={`#/history/room/${detail.id}`}>
              History
            </a>
            <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => openEditor({ kind: 'delete', entity: 'room', id: detail.id, label: detail.name, after: siteRoute })}>
              Delete
            </button>
          </>
        }
      />
      <div className="tab-panel" {...tabPanelProps('room', tab)}>
        {tab === 'racks' ? (
          racks.error ? (
            <div className="view-error">{racks.error.message}</div>
          ) : racks.data ? (
            <RacksTable racks={racks.data} onOpen={(rackId) => navigate(rackRoute(rackId))} />
          ) : (
            <div className="view-loading">Loading racks…</div>
          )
        ) : tab === 'floor' ? (
          <FloorView roomId={detail.id} onOpenRack={(rackId) => navigate(rackRoute(rackId))} />
        ) : tab === 'heatmap' ? (
          <HeatmapView roomId={detail.id} onOpenRack={(rackId, findingAt) => navigate(rackRoute(rackId, null, null, null, findingAt ?? null))} />
        ) : tab === 'capacity' ? (
          <CapacityView roomId={detail.id} />
        ) : tab === 'power' ? (
          <PowerChainView roomId={detail.id} />
        ) : null}
      </div>
    </div>
  );
}
