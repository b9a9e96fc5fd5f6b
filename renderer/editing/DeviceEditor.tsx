import { useMemo, type ReactElement } from 'react';
import type { DeviceDetail, DeviceTypeInfo } from '../../app/inventory/detail-types';
import type { SpaceTypes } from '../../app/inventory/space-types';
import type { DeviceFace, DeviceStatus } from '../../app/inventory/types';
import { api } from '../api/client';
import { useRequest } from '../api/use-request';
import { rackRoute } from '../shell/route';
import { navigate } from '../shell/router';
import { afterWrite } from './after-write';
import { DEFAULT_ROLES, ROLE_SUGGESTIONS, STATUS_OPTIONS, typeOptions } from './device-fields';
import { Dialog } from './Dialog';
import { closeEditor } from './editor-store';
import { EntityForm } from './EntityForm';
import { diffPatch, idOrNull, numberOrNull, textOrNull, type FieldSpec, type FormValues } from './form-types';

const FACE_OPTIONS = [
  { value: 'front', label: 'front' },
  { value: 'rear', label: 'rear' },
];

function identityFields(): FieldSpec[] {
  return [
    { name: 'role', label: 'Role', kind: 'text', required: true, half: true, suggestions: ROLE_SUGGESTIONS },
    { name: 'status', label: 'Status', kind: 'select', half: true, options: STATUS_OPTIONS },
    { name: 'hostname', label: 'Hostname', kind: 'text', mono: true },
    { name: 'serial', label: 'Serial', kind: 'text', mono: true, half: true },
    { name: 'assetTag', label: 'Asset tag', kind: 'text', mono: true, half: true },
  ];
}

function identity(values: FormValues) {
  return {
    typeId: Number(values['typeId']),
    role: (values['role'] ?? '').trim(),
    status: (values['status'] ?? 'active') as DeviceStatus,
    hostname: textOrNull(values['hostname']),
    serial: textOrNull(values['serial']),
    assetTag: textOrNull(values['assetTag']),
  };
}

/** Picking a type fills in its usual role, unless the technician already typed one of their own. */
function withDefaultRole(types: readonly DeviceTypeInfo[]) {
  return (next: FormValues, changed: string): FormValues => {
    if (changed !== 'typeId') return next;
    const type = types.find((t) => String(t.id) === next['typeId']);
    const role = next['role'] ?? '';
    const isDefault = role === '' || Object.values(DEFAULT_ROLES).includes(role);
    return type && isDefault ? { ...next, role: DEFAULT_ROLES[type.category] } : next;
  };
}

/** Why the types left out of the list do not fit this U, so a missing type is never a mystery. */
function RefusedTypes(props: { space: SpaceTypes }): ReactElement | null {
  const { space } = props;
  if (space.refused.length === 0) return null;
  return (
    <details className="refused-types" data-testid="refused-types">
      <summary className="muted">
        {space.refused.length} types do not fit here ({space.freeSpanU} U free from U{space.uPosition ?? '—'} {space.face}, {space.cooling}
        {space.hasLoop ? ' with a loop' : ''}, {space.nameplateKw.toFixed(1)} of {space.powerBudgetKw.toFixed(1)} kW nameplate)
      </summary>
      <ul>
        {space.refused.map((r) => (
          <li key={r.typeId}>
            <span className="mono">{r.slug}</span> — {r.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function AddDeviceEditor(props: { rackId: number; rackName: string; uPosition: number | null; face: DeviceFace }): ReactElement {
  // Only the types that fit this free U (span, cooling, power budget) are offered.
  const space = useRequest('rack.typesForSpace', { rackId: props.rackId, uPosition: props.uPosition, face: props.face });
  const types = useMemo(() => space.data?.fits ?? [], [space.data]);
  const fields = useMemo<FieldSpec[]>(
    () => [
      { name: 'rackId', label: 'Rack', kind: 'text', readOnly: true, half: true },
      { name: 'uPosition', label: 'Lowest U', kind: 'number', min: 1, max: 60, half: true, hint: 'Leave empty for 0U gear (PDUs).' },
      {
        name: 'typeId',
        label: 'Device type',
        kind: 'select',
        required: true,
        options: typeOptions(types),
        hint: types.length === 0 ? 'No device type fits this U; see below why.' : `The ${types.length} types that fit U${props.uPosition ?? '—'} of this rack.`,
      },
      { name: 'face', label: 'Face', kind: 'select', half: true, options: FACE_OPTIONS },
      ...identityFields(),
    ],
    [types, props.uPosition],
  );
  const firstType = types.find((t) => t.category === 'gpu_server') ?? types[0];
  const initial: FormValues = {
    rackId: props.rackName,
    uPosition: props.uPosition === null ? '' : String(props.uPosition),
    typeId: firstType ? String(firstType.id) : '',
    face: props.face,
    role: firstType ? DEFAULT_ROLES[firstType.category] : '',
    status: 'active',
    hostname: '',
    serial: '',
    assetTag: '',
  };
  return (
    <Dialog title="Add device" subtitle={`Rack ${props.rackName}${props.uPosition ? ` · U${props.uPosition} ${props.face}` : ''}`} onClose={closeEditor}>
      {space.data === null ? (
        <div className="pad muted">{space.error ? space.error.message : 'Loading the device types that fit…'}</div>
      ) : (
        <EntityForm
          fields={fields}
          initial={initial}
          submitLabel="Add device"
          onCancel={closeEditor}
          onValuesChange={withDefaultRole(types)}
          footer={<RefusedTypes space={space.data} />}
          onSubmit={async (values, reason) => {
            const result = await api.call('device.create', {
              fields: { rackId: props.rackId, uPosition: numberOrNull(values['uPosition']), face: (values['face'] ?? 'front') as DeviceFace, ...identity(values) },
              reason,
            });
            afterWrite(`Device ${textOrNull(values['hostname']) ?? result.id} added to ${props.rackName}`);
            navigate(rackRoute(props.rackId, result.id));
          }}
        />
      )}
    </Dialog>
  );
}

function deviceLabel(device: DeviceDetail): string {
  return device.hostname ?? device.serial ?? `${device.vendor} ${device.model} #${device.id}`;
}

export function EditDeviceEditor(props: { device: DeviceDetail }): ReactElement {
  const { device } = props;
  const catalog = useRequest('catalog.deviceTypes', {});
  const types = useMemo(() => catalog.data ?? [], [catalog.data]);
  const fields = useMemo<FieldSpec[]>(() => [{ name: 'typeId', label: 'Device type', kind: 'select', required: true, options: typeOptions(types) }, ...identityFields()], [types]);
  const initial: FormValues = {
    typeId: String(device.typeId),
    role: device.role,
    status: device.status,
    hostname: device.hostname ?? '',
    serial: device.serial ?? '',
    assetTag: device.assetTag ?? '',
  };
  return (
    <Dialog title={`Edit ${deviceLabel(device)}`} subtitle={`${device.vendor} ${device.model}`} onClose={closeEditor}>
      {catalog.data === null ? (
        <div className="pad muted">{catalog.error ? catalog.error.message : 'Loading the device catalog…'}</div>
      ) : (
        <EntityForm
          fields={fields}
          initial={initial}
          submitLabel="Save device"
          onCancel={closeEditor}
          onValuesChange={withDefaultRole(types)}
          onSubmit={async (values, reason) => {
            await api.call('device.update', { id: device.id, patch: diffPatch(identity(initial), identity(values)), reason });
            afterWrite(`${textOrNull(values['hostname']) ?? deviceLabel(device)} saved`);
          }}
        />
      )}
    </Dialog>
  );
}

export function MoveDeviceEditor(props: { device: DeviceDetail }): ReactElement {
  const { device } = props;
  const racks = useRequest('room.racks', device.room ? { roomId: device.room.id } : null);
  const fields = useMemo<FieldSpec[]>(() => {
    const options = (racks.data ?? []).map((r) => ({ value: String(r.id), label: `${r.name}${r.row ? ` · row ${r.row}` : ''} · ${r.uUsed}/${r.uHeight} U used`, group: r.row ? `Row ${r.row}` : 'No row' }));
    return [
      { name: 'rackId', label: 'Rack', kind: 'select', options: [{ value: '', label: '— not racked —' }, ...options] },
      { name: 'uPosition', label: 'Lowest U', kind: 'number', min: 1, max: 60, half: true, hint: `${device.uHeight}U tall; empty for 0U or unracked.` },
      { name: 'face', label: 'Face', kind: 'select', half: true, options: FACE_OPTIONS },
    ];
  }, [racks.data, device.uHeight]);
  const initial: FormValues = { rackId: device.rack ? String(device.rack.id) : '', uPosition: device.uPosition === null ? '' : String(device.uPosition), face: device.face };
  const toFields = (values: FormValues) => ({ rackId: idOrNull(values['rackId']), uPosition: numberOrNull(values['uPosition']), face: (values['face'] ?? 'front') as DeviceFace });
  return (
    <Dialog title={`Move ${deviceLabel(device)}`} subtitle={device.rack ? `Now in ${device.rack.name}${device.uPosition ? ` at U${device.uPosition}` : ''}` : 'Not racked'} onClose={closeEditor}>
      {device.room && racks.data === null ? (
        <div className="pad muted">Loading racks…</div>
      ) : (
        <EntityForm
          fields={fields}
          initial={initial}
          submitLabel="Move device"
          onCancel={closeEditor}
          onSubmit={async (values, reason) => {
            const next = toFields(values);
            await api.call('device.update', { id: device.id, patch: diffPatch(toFields(initial), next), reason });
            afterWrite(`${deviceLabel(device)} moved`);
            if (next.rackId !== null) navigate(rackRoute(next.rackId, device.id));
            else navigate({ view: 'device', deviceId: device.id, acceleratorId: null });
          }}
        />
      )}
    </Dialog>
  );
}
