import { useEffect, useMemo, useRef, type KeyboardEvent, type ReactElement } from 'react';
import type { RackDetail } from '../../app/inventory/detail-types';
import type { DeviceCategory, DeviceFace } from '../../app/inventory/types';
import { renderElevation } from '../../app/render/elevation';
import { useRequest } from '../api/use-request';
import { DevicePanel } from '../device/DevicePanel';
import { openEditor } from '../editing/editor-store';
import { formatKwPair } from '../shell/format';
import { COOLING_LABELS } from '../shell/labels';
import { Meter } from '../shell/Meter';
import { setNavContext } from '../shell/nav-context';
import { rackRoute, type Route } from '../shell/route';
import { navigate } from '../shell/router';
import { Fact, ViewHeader } from '../shell/ViewHeader';
import { ElevationSvg, type ElevationHandlers } from './ElevationSvg';
import { Legend } from './Legend';
import { RackDeviceList, sortTopDown } from './RackDeviceList';
import { ViewError } from '../shell/NotFoundView';
import { RackFindings } from './RackFindings';

function RackFacts(props: { rack: RackDetail }): ReactElement {
  const { rack } = props;
  const uUsed = rack.devices.reduce((sum, d) => sum + (d.uPosition === null ? 0 : d.uHeight), 0);
  const gpus = rack.devices.reduce((sum, d) => sum + d.accelerators.length, 0);
  const notOk = rack.devices.reduce((sum, d) => sum + d.accelerators.filter((a) => a.status !== 'ok').length, 0);
  return (
    <div className="facts">
      <Fact label="U used">
        <Meter used={uUsed} total={rack.uHeight} label={`${uUsed} / ${rack.uHeight} U`} banded={false} />
      </Fact>
      <Fact label="Power max / budget" wide>
        <Meter used={rack.powerMaxKw} total={rack.powerBudgetKw} label={formatKwPair(rack.powerMaxKw, rack.powerBudgetKw)} />
      </Fact>
      <Fact label="Cooling">
        {COOLING_LABELS[rack.cooling]}
        <div className="fact-sub">{rack.loop ? `loop ${rack.loop.name}` : 'no loop'}</div>
      </Fact>
      <Fact label="Floor">
        tile {rack.gridX}, {rack.gridY}
        <div className="fact-sub">
          faces {rack.facing} · {rack.widthTiles}×{rack.depthTiles} tiles
        </div>
      </Fact>
      <Fact label="Devices">{rack.devices.length}</Fact>
      <Fact label="GPUs">
        {gpus}
        <div className={notOk > 0 ? 'fact-sub band-over' : 'fact-sub'}>{notOk} not ok</div>
      </Fact>
      <Fact label="Asset tag">
        <span className="mono">{rack.assetTag ?? '—'}</span>
      </Fact>
    </div>
  );
}

/** The rack: front and rear elevations side by side, and the selected device's panel (or the device list). */
export function RackView(props: { rackId: number; deviceId: number | null; acceleratorId: number | null; u: number | null; findingAt: string | null }): ReactElement {
  const rack = useRequest('rack.detail', { rackId: props.rackId });
  const catalog = useRequest('catalog.deviceTypes', {});
  const detail = rack.data;
  const elevationsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (detail) setNavContext({ siteId: detail.site.id, roomId: detail.room.id, row: detail.row?.name ?? null, rackId: detail.id });
  }, [detail]);

  const slotsByType = useMemo(() => Object.fromEntries((catalog.data ?? []).map((t) => [t.id, t.accelCount])), [catalog.data]);
  const svgs = useMemo(() => {
    if (!detail) return null;
    const common = { selectedDeviceId: props.deviceId, selectedAcceleratorId: props.acceleratorId, targetU: props.u, slotsByType };
    return {
      front: renderElevation(detail, { ...common, face: 'front', showPower: true }),
      rear: renderElevation(detail, { ...common, face: 'rear', showPower: false }),
    };
  }, [detail, props.deviceId, props.acceleratorId, props.u, slotsByType]);

  // Bring the selected device into view (search lands here with one picked).
  useEffect(() => {
    if (!svgs || props.deviceId === null) return;
    const frame = requestAnimationFrame(() => {
      elevationsRef.current?.querySelector(`[data-device-id="${props.deviceId}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    });
    return () => cancelAnimationFrame(frame);
  }, [svgs, props.deviceId]);

  if (rack.error) return <ViewError error={rack.error} />;
  if (!detail || !svgs) return <div className="view-loading">Loading rack…</div>;

  const select = (deviceId: number | null, acceleratorId: number | null = null): void => navigate(rackRoute(detail.id, deviceId, acceleratorId, null, props.findingAt), { replace: true });
  const addAt = (u: number | null, face: DeviceFace): void => {
    if (u !== null) navigate(rackRoute(detail.id, props.deviceId, props.acceleratorId, u, props.findingAt), { replace: true });
    openEditor({ kind: 'device.create', rackId: detail.id, rackName: detail.name, roomId: detail.room.id, uPosition: u, face });
  };
  const handlers: ElevationHandlers = {
    onEmptyU: addAt,
    onDevice: (deviceId) => select(deviceId),
    onAccelerator: (deviceId, acceleratorId) => select(deviceId, acceleratorId),
  };

  const ordered = sortTopDown(detail.devices);
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const index = ordered.findIndex((d) => d.id === props.deviceId);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const next = ordered[index < 0 ? 0 : Math.max(0, Math.min(ordered.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))];
      if (next) select(next.id);
    } else if (event.key === 'Escape' && props.deviceId !== null) {
      select(null);
    } else return;
    event.preventDefault();
  }

  const roomRoute: Route = { view: 'room', roomId: detail.room.id, tab: 'racks' };
  const categories: DeviceCategory[] = [...new Set(detail.devices.map((d) => d.category))].sort();
  const unmounted = detail.devices.filter((d) => d.uPosition === null && d.uHeight > 0);
  return (
    <div className="view view-rack">
      <ViewHeader
        crumbs={[
          { label: detail.site.code, route: { view: 'site', siteId: detail.site.id } },
          { label: detail.room.name, route: roomRoute },
          ...(detail.row ? [{ label: `Row ${detail.row.name}`, route: null }] : []),
        ]}
        title={<span className="mono">{detail.name}</span>}
        tag={<span className="tag">{detail.uHeight}U</span>}
        actions={
          <>
            <button type="button" className="btn btn-primary" onClick={() => addAt(props.u, 'front')}>
              Add device
            </button>
            <button type="button" className="btn" onClick={() => openEditor({ kind: 'rack.update', rack: detail })}>
              Edit rack
            </button>
            <a className="btn" href={`#/history/rack/${detail.id}`}>
              History
            </a>
            <button type="button" className="btn btn-danger-quiet" onClick={() => openEditor({ kind: 'delete', entity: 'rack', id: detail.id, label: detail.name, after: roomRoute })}>
              Delete
            </button>
          </>
        }
      />
      <RackFacts rack={detail} />
      <div className="rack-body">
        <div className="rack-elevations" ref={elevationsRef} tabIndex={0} onKeyDown={onKeyDown} aria-label="Rack elevations: ↑↓ select a device, Esc clears">
          <div className="elevation-pair">
            <ElevationSvg svg={svgs.front} handlers={handlers} label={`${detail.name} front`} />
            <ElevationSvg svg={svgs.rear} handlers={handlers} label={`${detail.name} rear`} />
          </div>
          <Legend categories={categories} />
          <div className="muted hint-line">Click a free U to add a device there · click a device or GPU cell to open it</div>
          {unmounted.length > 0 ? (
            <div className="unmounted">
              <span className="muted">In the rack but not mounted:</span>{' '}
              {unmounted.map((d) => (
                <button key={d.id} type="button" className="link-btn mono" onClick={() => select(d.id)}>
                  {d.hostname ?? d.model}
                </button>
              ))}
            </div>
          ) : null}
        </div>
        <aside className="rack-side">
          {props.findingAt ? <RackFindings roomId={detail.room.id} rackId={detail.id} at={props.findingAt} /> : null}
          {props.deviceId !== null ? (
            <DevicePanel deviceId={props.deviceId} acceleratorId={props.acceleratorId} rackId={detail.id} onClose={() => select(null)} onSelectAccelerator={(id) => select(props.deviceId, id)} />
          ) : (
            <RackDeviceList devices={detail.devices} onSelect={(id) => select(id)} />
          )}
        </aside>
      </div>
    </div>
  );
}
