import { useSyncExternalStore } from 'react';
import type { AcceleratorInfo, DeviceDetail, RackDetail } from '../../app/inventory/detail-types';
import type { RoomDetail } from '../../app/inventory/room';
import type { DeviceFace, SiteNode } from '../../app/inventory/types';
import type { Route } from '../shell/route';

/** Which form or confirmation is open, if any. Views ask for one; the EditorHost shows it. */
export type DeletableEntity = 'site' | 'room' | 'rack' | 'device' | 'accelerator';

export type EditorRequest =
  | { readonly kind: 'site.create' }
  | { readonly kind: 'site.update'; readonly site: Pick<SiteNode, 'id' | 'code' | 'name' | 'timezone'> }
  | { readonly kind: 'room.create'; readonly siteId: number; readonly siteCode: string }
  | { readonly kind: 'room.update'; readonly room: RoomDetail }
  | { readonly kind: 'rack.create'; readonly roomId: number; readonly roomName: string; readonly rowId: number | null }
  | { readonly kind: 'rack.update'; readonly rack: RackDetail }
  | { readonly kind: 'device.create'; readonly rackId: number; readonly rackName: string; readonly roomId: number; readonly uPosition: number | null; readonly face: DeviceFace }
  | { readonly kind: 'device.update'; readonly device: DeviceDetail }
  | { readonly kind: 'device.move'; readonly device: DeviceDetail }
  | { readonly kind: 'accelerator.create'; readonly device: DeviceDetail; readonly slot: number }
  | { readonly kind: 'accelerator.update'; readonly accelerator: AcceleratorInfo; readonly deviceLabel: string }
  | { readonly kind: 'delete'; readonly entity: DeletableEntity; readonly id: number; readonly label: string; readonly after: Route | null };

export interface OpenEditor {
  readonly request: EditorRequest;
  /** Changes with every open, so a form for another thing starts fresh even if it is the same kind. */
  readonly seq: number;
}

let current: OpenEditor | null = null;
let seq = 0;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export function openEditor(request: EditorRequest): void {
  seq += 1;
  current = { request, seq };
  emit();
}

export function closeEditor(): void {
  current = null;
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useEditor(): OpenEditor | null {
  return useSyncExternalStore(subscribe, () => current);
}
