import type { ReactElement } from 'react';
import type { RoomDetail } from '../../app/inventory/room';
import { ASHRAE_CLASSES, type AshraeClass } from '../../app/inventory/types';
import { api } from '../api/client';
import { navigate } from '../shell/router';
import { afterWrite } from './after-write';
import { Dialog } from './Dialog';
import { closeEditor } from './editor-store';
import { EntityForm } from './EntityForm';
import { diffPatch, numberOrNull, type FieldSpec, type FormValues } from './form-types';

const FIELDS: readonly FieldSpec[] = [
  { name: 'name', label: 'Name', kind: 'text', required: true, placeholder: 'DH2' },
  { name: 'widthTiles', label: 'Width (tiles)', kind: 'number', required: true, min: 1, max: 2000, half: true },
  { name: 'depthTiles', label: 'Depth (tiles)', kind: 'number', required: true, min: 1, max: 2000, half: true },
  { name: 'tileMm', label: 'Tile size (mm)', kind: 'number', required: true, min: 300, max: 1200, half: true },
  { name: 'ashraeClass', label: 'ASHRAE class', kind: 'select', half: true, options: ASHRAE_CLASSES.map((c) => ({ value: c, label: c })) },
];

function toFields(values: FormValues): { name: string; widthTiles: number; depthTiles: number; tileMm: number; ashraeClass: AshraeClass } {
  return {
    name: (values['name'] ?? '').trim(),
    widthTiles: numberOrNull(values['widthTiles']) ?? 0,
    depthTiles: numberOrNull(values['depthTiles']) ?? 0,
    tileMm: numberOrNull(values['tileMm']) ?? 600,
    ashraeClass: (values['ashraeClass'] ?? 'A1') as AshraeClass,
  };
}

export function RoomEditor(props: { siteId: number; siteCode: string; room?: RoomDetail }): ReactElement {
  const { room } = props;
  const initial: FormValues = room
    ? { name: room.name, widthTiles: String(room.widthTiles), depthTiles: String(room.depthTiles), tileMm: String(room.tileMm), ashraeClass: room.ashraeClass }
    : { name: '', widthTiles: '40', depthTiles: '30', tileMm: '600', ashraeClass: 'A1' };
  return (
    <Dialog title={room ? `Edit room ${room.name}` : 'New room'} subtitle={`Site ${props.siteCode}`} onClose={closeEditor}>
      <EntityForm
        fields={FIELDS}
        initial={initial}
        submitLabel={room ? 'Save room' : 'Create room'}
        onCancel={closeEditor}
        onSubmit={async (values, reason) => {
          const next = toFields(values);
          if (room) {
            await api.call('room.update', { id: room.id, patch: diffPatch(toFields(initial), next), reason });
            afterWrite(`Room ${next.name} saved`);
          } else {
            const result = await api.call('room.create', { fields: { siteId: props.siteId, ...next }, reason });
            afterWrite(`Room ${next.name} created`);
            navigate({ view: 'room', roomId: result.id, tab: 'racks' });
          }
        }}
      />
    </Dialog>
  );
}
