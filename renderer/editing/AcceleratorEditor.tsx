import type { ReactElement } from 'react';
import type { AcceleratorInfo, DeviceDetail } from '../../app/inventory/detail-types';
import { ACCELERATOR_STATUSES, type AcceleratorStatus } from '../../app/inventory/types';
import { api } from '../api/client';
import { afterWrite } from './after-write';
import { Dialog } from './Dialog';
import { closeEditor } from './editor-store';
import { EntityForm } from './EntityForm';
import { diffPatch, numberOrNull, textOrNull, type FieldSpec, type FormValues } from './form-types';

const FIELDS: readonly FieldSpec[] = [
  { name: 'slot', label: 'Slot', kind: 'number', required: true, min: 0, max: 63, half: true },
  { name: 'status', label: 'Status', kind: 'select', half: true, options: ACCELERATOR_STATUSES.map((s) => ({ value: s, label: s })) },
  { name: 'model', label: 'Model', kind: 'text', required: true },
  { name: 'serial', label: 'Serial', kind: 'text', mono: true, half: true },
  { name: 'firmware', label: 'Firmware', kind: 'text', mono: true, half: true },
  { name: 'uuid', label: 'UUID', kind: 'text', mono: true, placeholder: 'GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx' },
  { name: 'pciBusId', label: 'PCI bus id', kind: 'text', mono: true, placeholder: '00000000:18:00.0' },
];

function toFields(values: FormValues) {
  return {
    slot: numberOrNull(values['slot']) ?? 0,
    model: (values['model'] ?? '').trim(),
    serial: textOrNull(values['serial']),
    uuid: textOrNull(values['uuid']),
    pciBusId: textOrNull(values['pciBusId']),
    firmware: textOrNull(values['firmware']),
    status: (values['status'] ?? 'ok') as AcceleratorStatus,
  };
}

export function AddAcceleratorEditor(props: { device: DeviceDetail; slot: number }): ReactElement {
  const { device } = props;
  const initial: FormValues = { slot: String(props.slot), status: 'ok', model: device.type.accelModel ?? '', serial: '', firmware: '', uuid: '', pciBusId: '' };
  return (
    <Dialog title="Add accelerator" subtitle={`${device.hostname ?? device.model} · slot ${props.slot}`} onClose={closeEditor}>
      <EntityForm
        fields={FIELDS}
        initial={initial}
        submitLabel="Add accelerator"
        onCancel={closeEditor}
        onSubmit={async (values, reason) => {
          const fields = toFields(values);
          await api.call('accelerator.create', { fields: { deviceId: device.id, ...fields }, reason });
          afterWrite(`Accelerator added in slot ${fields.slot}`);
        }}
      />
    </Dialog>
  );
}

export function EditAcceleratorEditor(props: { accelerator: AcceleratorInfo; deviceLabel: string }): ReactElement {
  const { accelerator } = props;
  const initial: FormValues = {
    slot: String(accelerator.slot),
    status: accelerator.status,
    model: accelerator.model,
    serial: accelerator.serial ?? '',
    firmware: accelerator.firmware ?? '',
    uuid: accelerator.uuid ?? '',
    pciBusId: accelerator.pciBusId ?? '',
  };
  return (
    <Dialog title={`Edit accelerator, slot ${accelerator.slot}`} subtitle={props.deviceLabel} onClose={closeEditor}>
      <EntityForm
        fields={FIELDS}
        initial={initial}
        submitLabel="Save accelerator"
        onCancel={closeEditor}
        onSubmit={async (values, reason) => {
          await api.call('accelerator.update', { id: accelerator.id, patch: diffPatch(toFields(initial), toFields(values)), reason });
          afterWrite(`Accelerator in slot ${accelerator.slot} saved`);
        }}
      />
    </Dialog>
  );
}
