import type { ReactElement } from 'react';
import type { RackDetail } from '../../app/inventory/detail-types';
import { FACINGS, RACK_COOLING, type Facing, type RackCooling } from '../../app/inventory/types';
import { api } from '../api/client';
import { COOLING_LABELS } from '../shell/labels';
import { rackRoute } from '../shell/route';
import { navigate } from '../shell/router';
import { afterWrite } from './after-write';
import { Dialog } from './Dialog';
import { closeEditor } from './editor-store';
import { EntityForm } from './EntityForm';
import { diffPatch, idOrNull, numberOrNull, textOrNull, type FieldSpec, type FormValues } from './form-types';
import { useRoomRefs, type RoomRefs } from './room-refs';

function fieldsFor(refs: RoomRefs | null): FieldSpec[] {
  const none = { value: '', label: '— none —' };
  return [
    { name: 'name', label: 'Name', kind: 'text', mono: true, required: true, half: true, placeholder: 'R01-07' },
    { name: 'rowId', label: 'Row', kind: 'select', half: true, options: [none, ...(refs?.rows ?? []).map((r) => ({ value: String(r.id), label: `Row ${r.name}` }))] },
    { name: 'gridX', label: 'Floor X (tile)', kind: 'number', required: true, min: 0, half: true },
    { name: 'gridY', label: 'Floor Y (tile)', kind: 'number', required: true, min: 0, half: true },
    { name: 'facing', label: 'Front faces', kind: 'select', half: true, options: FACINGS.map((f) => ({ value: f, label: f })) },
    { name: 'uHeight', label: 'Height (U)', kind: 'number', required: true, min: 1, max: 60, half: true },
    { name: 'widthTiles', label: 'Width (tiles)', kind: 'number', min: 1, max: 4, half: true },
    { name: 'depthTiles', label: 'Depth (tiles)', kind: 'number', min: 1, max: 4, half: true },
    { name: 'powerBudgetKw', label: 'Power budget (kW)', kind: 'number', required: true, min: 0, max: 1000, step: 0.1, half: true },
    { name: 'cooling', label: 'Cooling', kind: 'select', half: true, options: RACK_COOLING.map((c) => ({ value: c, label: COOLING_LABELS[c] })) },
    { name: 'loopId', label: 'Cooling loop', kind: 'select', half: true, options: [none, ...(refs?.loops ?? []).map((l) => ({ value: String(l.id), label: l.name }))] },
    { name: 'assetTag', label: 'Asset tag', kind: 'text', mono: true, half: true },
  ];
}

function toFields(values: FormValues) {
  return {
    name: (values['name'] ?? '').trim(),
    rowId: idOrNull(values['rowId']),
    gridX: numberOrNull(values['gridX']) ?? 0,
    gridY: numberOrNull(values['gridY']) ?? 0,
    facing: (values['facing'] ?? 'S') as Facing,
    uHeight: numberOrNull(values['uHeight']) ?? 42,
    widthTiles: numberOrNull(values['widthTiles']) ?? 1,
    depthTiles: numberOrNull(values['depthTiles']) ?? 2,
    powerBudgetKw: numberOrNull(values['powerBudgetKw']) ?? 0,
    cooling: (values['cooling'] ?? 'air') as RackCooling,
    loopId: idOrNull(values['loopId']),
    assetTag: textOrNull(values['assetTag']),
  };
}

function initialValues(rack: RackDetail | undefined, rowId: number | null): FormValues {
  if (!rack) {
    return { name: '', rowId: rowId === null ? '' : String(rowId), gridX: '0', gridY: '0', facing: 'S', uHeight: '42', widthTiles: '1', depthTiles: '2', powerBudgetKw: '17.3', cooling: 'air', loopId: '', assetTag: '' };
  }
  return {
    name: rack.name,
    rowId: rack.row ? String(rack.row.id) : '',
    gridX: String(rack.gridX),
    gridY: String(rack.gridY),
    facing: rack.facing,
    uHeight: String(rack.uHeight),
    widthTiles: String(rack.widthTiles),
    depthTiles: String(rack.depthTiles),
    powerBudgetKw: String(rack.powerBudgetKw),
    cooling: rack.cooling,
    loopId: rack.loop ? String(rack.loop.id) : '',
    assetTag: rack.assetTag ?? '',
  };
}

export function RackEditor(props: { roomId: number; roomName: string; rowId: number | null; rack?: RackDetail }): ReactElement {
  const { rack } = props;
  const refs = useRoomRefs(props.roomId);
  const initial = initialValues(rack, props.rowId);
  return (
    <Dialog title={rack ? `Edit rack ${rack.name}` : 'New rack'} subtitle={`Room ${props.roomName}`} onClose={closeEditor}>
      {refs === null ? (
        <div className="pad muted">Loading rows and loops…</div>
      ) : (
        <EntityForm
          fields={fieldsFor(refs)}
          initial={initial}
          submitLabel={rack ? 'Save rack' : 'Create rack'}
          onCancel={closeEditor}
          onSubmit={async (values, reason) => {
            const next = toFields(values);
            if (rack) {
              await api.call('rack.update', { id: rack.id, patch: diffPatch(toFields(initial), next), reason });
              afterWrite(`Rack ${next.name} saved`);
            } else {
              const result = await api.call('rack.create', { fields: { roomId: props.roomId, ...next }, reason });
              afterWrite(`Rack ${next.name} created`);
              navigate(rackRoute(result.id));
            }
          }}
        />
      )}
    </Dialog>
  );
}
