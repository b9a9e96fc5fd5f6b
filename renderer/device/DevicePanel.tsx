import { useEffect, type ReactElement } from 'react';
import type { DeviceDetail } from '../../app/inventory/detail-types';
import { useRequest } from '../api/use-request';
import { openEditor } from '../editing/editor-store';
import { HistoryList } from '../history/HistoryList';
import { rackRoute, routeHash, type Route } from '../shell/route';
import { navigate } from '../shell/router';
import { Fact } from '../shell/ViewHeader';
import { AcceleratorsTable, freeSlots } from './AcceleratorsTable';

function position(device: DeviceDetail): string {
  if (!device.rack) return 'not racked';
  if (device.uPosition === null) return device.uHeight === 0 ? '0U side rail' : 'in rack, not mounted';
  const top = device.uPosition + device.uHeight - 1;
  return device.uHeight > 1 ? `U${device.uPosition}–U${top}` : `U${device.uPosition}`;
}

function afterDelete(device: DeviceDetail): Route {
  if (device.rack) return rackRoute(device.rack.id);
  if (device.room) return { view: 'room', roomId: device.room.id, tab: 'racks' };
  return { view: 'home' };
}

/** Everything about one device: identity, position, its GPUs, and what changed on it. */
export function DevicePanel(props: {
  deviceId: number;
  acceleratorId: number | null;
  /** The rack on screen; a device that lives elsewhere sends the view to its own rack. */
  rackId?: number;
  onClose?: () => void;
  onSelectAccelerator: (id: number) => void;
}): ReactElement {
  const result = useRequest('device.detail', { deviceId: props.deviceId });
  const device = result.data;
  const elsewhere = device?.rack && props.rackId !== undefined && device.rack.id !== props.rackId ? device.rack.id : null;
  useEffect(() => {
    if (elsewhere !== null) navigate(rackRoute(elsewhere, props.deviceId, props.acceleratorId), { replace: true });
  }, [elsewhere, props.deviceId, props.acceleratorId]);
  if (result.error) return <div className="panel view-error">{result.error.message}</div>;
  if (!device) return <div className="panel view-loading">Loading device…</div>;

  const name = device.hostname ?? `${device.vendor} ${device.model}`;
  const free = freeSlots(device);
  const notOk = device.acceleratorList.filter((a) => a.status !== 'ok').length;
  return (
    <div className="panel device-panel" data-device-id={device.id}>
      <div className="panel-head">
        <div className="device-title">
          <span className="panel-title mono">{name}</span>
          <span className={`status status-${device.status}`}>{device.status}</span>
        </div>
        <div className="panel-actions">
          <button type="button" className="btn btn-small" onClick={() => openEditor({ kind: 'device.update', device })}>
            Edit
          </button>
          <button type="button" className="btn btn-small" onClick={() => openEditor({ kind: 'device.move', device })}>
            Move
          </button>
          <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => openEditor({ kind: 'delete', entity: 'device', id: device.id, label: name, after: afterDelete(device) })}>
            Delete
          </button>
          {props.onClose ? (
            <button type="button" className="icon-btn" aria-label="Close device" title="Close (Esc)" onClick={props.onClose}>
              ×
            </button>
          ) : null}
        </div>
      </div>
      <div className="facts facts-panel">
        <Fact label="Type" wide>
          {device.vendor} {device.model}
          <div className="fact-sub">
            {device.type.category.replace('_', ' ')} · {device.uHeight === 0 ? '0U' : `${device.uHeight}U`} · {(device.maxPowerW / 1000).toFixed(1)} kW max · {device.type.airflow}
            {device.type.fullDepth ? ' · full depth' : ''}
          </div>
        </Fact>
        <Fact label="Position" wide>
          {device.site ? `${device.site.code} / ` : ''}
          {device.room ? `${device.room.name} / ` : ''}
          {device.rack ? <a href={routeHash(rackRoute(device.rack.id, device.id))}>{device.rack.name}</a> : null} {position(device)} · {device.face}
        </Fact>
        <Fact label="Role">{device.role}</Fact>
        <Fact label="Hostname">
          <span className="mono">{device.hostname ?? '—'}</span>
        </Fact>
        <Fact label="Serial">
          <span className="mono">{device.serial ?? '—'}</span>
        </Fact>
        <Fact label="Asset tag">
          <span className="mono">{device.assetTag ?? '—'}</span>
        </Fact>
      </div>
      {device.type.accelCount > 0 || device.acceleratorList.length > 0 ? (
        <section className="panel-section">
          <div className="section-head">
            <span className="section-title">
              Accelerators <span className="muted">{device.acceleratorList.length}/{device.type.accelCount}</span>
              {device.type.accelModel ? <span className="muted"> · {device.type.accelModel}</span> : null}
              {notOk > 0 ? <span className="band-over"> · {notOk} not ok</span> : null}
            </span>
            {free.length > 0 ? (
              <button type="button" className="btn btn-small" onClick={() => openEditor({ kind: 'accelerator.create', device, slot: free[0] ?? 0 })}>
                Add in slot {free[0]}
              </button>
            ) : null}
          </div>
          <AcceleratorsTable device={device} selectedId={props.acceleratorId} onSelect={props.onSelectAccelerator} />
        </section>
      ) : null}
      <section className="panel-section">
        <div className="section-head">
          <span className="section-title">
            History <span className="muted">{device.history.length}</span>
          </span>
          <a className="link-btn" href={`#/history/device/${device.id}`}>
            all changes
          </a>
        </div>
        <HistoryList entries={device.history} empty="No changes since it was loaded." />
      </section>
    </div>
  );
}
