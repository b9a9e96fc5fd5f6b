import { Fragment, type ReactElement } from 'react';
import { AddAcceleratorEditor, EditAcceleratorEditor } from './AcceleratorEditor';
import { ConfirmDelete } from './ConfirmDelete';
import { AddDeviceEditor, EditDeviceEditor, MoveDeviceEditor } from './DeviceEditor';
import { useEditor, type EditorRequest } from './editor-store';
import { RackEditor } from './RackEditor';
import { RoomEditor } from './RoomEditor';
import { SiteEditor } from './SiteEditor';
import { TechnicianPrompt } from './TechnicianPrompt';

/** Shows whichever form a view asked for, one at a time, and over it the technician prompt when a write waits on it. */
export function EditorHost(): ReactElement | null {
  const open = useEditor();
  return (
    <>
      {open ? <Fragment key={open.seq}>{editorFor(open.request)}</Fragment> : null}
      <TechnicianPrompt />
    </>
  );
}

function editorFor(editor: EditorRequest): ReactElement {
  switch (editor.kind) {
    case 'site.create':
      return <SiteEditor />;
    case 'site.update':
      return <SiteEditor site={editor.site} />;
    case 'room.create':
      return <RoomEditor siteId={editor.siteId} siteCode={editor.siteCode} />;
    case 'room.update':
      return <RoomEditor siteId={editor.room.site.id} siteCode={editor.room.site.code} room={editor.room} />;
    case 'rack.create':
      return <RackEditor roomId={editor.roomId} roomName={editor.roomName} rowId={editor.rowId} />;
    case 'rack.update':
      return <RackEditor roomId={editor.rack.room.id} roomName={editor.rack.room.name} rowId={editor.rack.row?.id ?? null} rack={editor.rack} />;
    case 'device.create':
      return <AddDeviceEditor rackId={editor.rackId} rackName={editor.rackName} uPosition={editor.uPosition} face={editor.face} />;
    case 'device.update':
      return <EditDeviceEditor device={editor.device} />;
    case 'device.move':
      return <MoveDeviceEditor device={editor.device} />;
    case 'accelerator.create':
      return <AddAcceleratorEditor device={editor.device} slot={editor.slot} />;
    case 'accelerator.update':
      return <EditAcceleratorEditor accelerator={editor.accelerator} deviceLabel={editor.deviceLabel} />;
    case 'delete':
      return <ConfirmDelete entity={editor.entity} id={editor.id} label={editor.label} after={editor.after} />;
  }
}
