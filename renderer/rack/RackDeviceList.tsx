import type { ReactElement } from 'react';
import type { RackDevice } from '../../app/inventory/detail-types';

function position(device: RackDevice): string {
  if (device.uPosition === null) return device.uHeight === 0 ? '0U' : '—';
  return device.uHeight > 1 ? `U${device.uPosition}–${device.uPosition + device.uHeight - 1}` : `U${device.uPosition}`;
}

/** Devices top to bottom (0U and unmounted gear last), for when no device is selected. */
export function sortTopDown(devices: readonly RackDevice[]): RackDevice[] {
  return [...devices].sort((a, b) => (b.uPosition ?? -1) - (a.uPosition ?? -1) || a.id - b.id);
}

export function RackDeviceList(props: { devices: readonly RackDevice[]; onSelect: (deviceId: number) => void }): ReactElement {
  const devices = sortTopDown(props.devices);
  return (
    <div className="panel">
      <div className="panel-head">
        <span className="panel-title">Devices</span>
        <span className="muted">{devices.length} · click one or use ↑↓ on the elevation</span>
      </div>
      <table className="table table-compact device-list">
        <thead>
          <tr>
            <th>U</th>
            <th>Hostname</th>
            <th>Model</th>
            <th>Status</th>
            <th className="num">GPUs</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => {
            const notOk = d.accelerators.filter((a) => a.status !== 'ok').length;
            return (
              <tr key={d.id} className="clickable" data-device-id={d.id} onClick={() => props.onSelect(d.id)}>
                <td className="mono nowrap" title={d.face}>
                  {position(d)}
                  {d.face === 'rear' ? <span className="muted"> R</span> : null}
                </td>
                <td className="mono nowrap">{d.hostname ?? <span className="muted">—</span>}</td>
                <td className="model" title={`${d.vendor} ${d.model}`}>
                  {d.vendor} {d.model}
                </td>
                <td>
                  <span className={`status status-${d.status}`}>{d.status}</span>
                </td>
                <td className="num">
                  {d.accelerators.length > 0 ? d.accelerators.length : <span className="muted">—</span>}
                  {notOk > 0 ? <span className="band-over"> ({notOk}✕)</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
