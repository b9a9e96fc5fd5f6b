import { useEffect, type ReactElement } from 'react';
import { useRequest } from '../api/use-request';
import { setNavContext } from '../shell/nav-context';
import { rackRoute } from '../shell/route';
import { navigate } from '../shell/router';
import { ViewHeader } from '../shell/ViewHeader';
import { DevicePanel } from './DevicePanel';
import { ViewError } from '../shell/NotFoundView';

/**
 * A device on its own: racked devices are shown in their rack (the route is replaced), so this page is
 * for devices that are not in any rack (spares, staged gear).
 */
export function DeviceView(props: { deviceId: number; acceleratorId: number | null }): ReactElement {
  const result = useRequest('device.detail', { deviceId: props.deviceId });
  const device = result.data;

  useEffect(() => {
    if (device?.rack) navigate(rackRoute(device.rack.id, device.id, props.acceleratorId), { replace: true });
    else if (device) setNavContext({ siteId: device.site?.id ?? null, roomId: device.room?.id ?? null });
  }, [device, props.acceleratorId]);

  if (result.error) return <ViewError error={result.error} />;
  if (!device || device.rack) return <div className="view-loading">Loading device…</div>;
  return (
    <div className="view view-device">
      <ViewHeader crumbs={[{ label: 'Not racked', route: null }]} title={<span className="mono">{device.hostname ?? device.model}</span>} />
      <div className="device-solo">
        <DevicePanel deviceId={device.id} acceleratorId={props.acceleratorId} onSelectAccelerator={(id) => navigate({ view: 'device', deviceId: device.id, acceleratorId: id }, { replace: true })} />
      </div>
    </div>
  );
}
