import { useEffect, type ReactElement } from 'react';
import type { AcceleratorDetail, AcceleratorInfo, DeviceDetail } from '../../app/inventory/detail-types';
import { openEditor } from '../editing/editor-store';
import { Fact } from '../shell/ViewHeader';
import { RmaCasePanel } from '../health/RmaCasePanel';

/** Slots with nothing on record, so a missing GPU can be added where it belongs. */
export function freeSlots(device: DeviceDetail): number[] {
  const taken = new Set(device.acceleratorList.map((a) => a.slot));
  const free: number[] = [];
  for (let slot = 0; slot < device.type.accelCount; slot += 1) if (!taken.has(slot)) free.push(slot);
  return free;
}

/** "00000000:18:00.0" → "18:00.0": the domain is almost always zero and only costs width. */
export function shortBusId(busId: string): string {
  return busId.replace(/^0{4,8}:/, '');
}

function SelectedAccelerator(props: { accelerator: AcceleratorDetail; deviceLabel: string }): ReactElement {
  const a = props.accelerator;
  return (
    <div className="facts facts-panel accel-detail" data-testid="accelerator-detail">
      <div className="accel-detail-actions">
        <button type="button" className="btn btn-small" onClick={() => openEditor({ kind: 'accelerator.update', accelerator: a, deviceLabel: props.deviceLabel })}>
          Edit GPU
        </button>
        <button
          type="button"
          className="btn btn-small btn-danger-quiet"
          onClick={() => openEditor({ kind: 'delete', entity: 'accelerator', id: a.id, label: `slot ${a.slot}${a.serial ? ` (${a.serial})` : ''}`, after: null })}
        >
          Delete
        </button>
      </div>
      <Fact label={`Slot ${a.slot}`}>
        <span className={`status status-accel-${a.status}`}>{a.status}</span>
      </Fact>
      <Fact label="Model">{a.model}</Fact>
      <Fact label="Serial">
        <span className="mono">{a.serial ?? '—'}</span>
      </Fact>
      {a.boardSerial !== null ? (
        <Fact label="GB200 board">
          <span className="mono" title="Both GPUs of the board report this serial; the board is replaced as one part">
            {a.boardSerial}
          </span>
        </Fact>
      ) : null}
      <Fact label="UUID" wide>
        <span className="mono">{a.uuid ?? '—'}</span>
      </Fact>
      <Fact label="PCI bus id">
        <span className="mono">{a.pciBusId ?? '—'}</span>
      </Fact>
      <Fact label="Firmware">
        <span className="mono">{a.firmware ?? '—'}</span>
      </Fact>
    </div>
  );
}

/**
 * One row per GPU. The model column appears only when the models differ (otherwise it is in the section
 * head), and the picked GPU is spelled out in full under the table with its Edit and Delete, so the table
 * fits beside the rack. Double-click a row to edit it.
 */
export function AcceleratorsTable(props: { device: DeviceDetail; selectedId: number | null; onSelect: (id: number) => void }): ReactElement {
  const { device, selectedId } = props;
  const label = device.hostname ?? `${device.vendor} ${device.model}`;
  const mixed = new Set(device.acceleratorList.map((a) => a.model)).size > 1;
  const selected = device.acceleratorList.find((a) => a.id === selectedId) ?? null;

  useEffect(() => {
    if (selectedId !== null) document.getElementById(`accel-${selectedId}`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const editorFor = (a: AcceleratorInfo) => ({ kind: 'accelerator.update' as const, accelerator: a, deviceLabel: label });
  return (
    <>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={`GPUs of ${label}`}>
        <table className="table table-compact accel-table">
          <thead>
            <tr>
              <th className="num">Slot</th>
              {mixed ? <th>Model</th> : null}
              <th>Serial</th>
              <th>UUID</th>
              <th>PCI bus</th>
              <th className="col-firmware">Firmware</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {device.acceleratorList.map((a) => (
              <tr
                key={a.id}
                id={`accel-${a.id}`}
                data-accelerator-id={a.id}
                className={a.id === selectedId ? 'clickable is-selected' : 'clickable'}
                onClick={() => props.onSelect(a.id)}
                onDoubleClick={() => openEditor(editorFor(a))}
              >
                <td className="num mono">{a.slot}</td>
                {mixed ? <td className="nowrap">{a.model}</td> : null}
                <td className="mono" title={a.boardSerial === null ? undefined : 'GB200 board serial, shared with the other GPU of the board'}>
                  {a.serial ?? (a.boardSerial === null ? '—' : `${a.boardSerial} (board)`)}
                </td>
                <td className="mono uuid" title={a.uuid ?? undefined}>
                  {a.uuid ?? '—'}
                </td>
                <td className="mono" title={a.pciBusId ?? undefined}>
                  {a.pciBusId ? shortBusId(a.pciBusId) : '—'}
                </td>
                <td className="mono col-firmware">{a.firmware ?? '—'}</td>
                <td>
                  <span className={`status status-accel-${a.status}`}>{a.status}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected ? <SelectedAccelerator accelerator={selected} deviceLabel={label} /> : null}
      {selected ? (
        <section className="panel-section" aria-label="Field replacement">
          <div className="section-head">
            <span className="section-title">Field replacement</span>
          </div>
          <RmaCasePanel key={selected.id} deviceId={device.id} slot={selected.slot} acceleratorId={selected.id} finding={null} />
        </section>
      ) : null}
    </>
  );
}
