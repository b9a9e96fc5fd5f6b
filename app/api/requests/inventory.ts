import { z } from 'zod';
import type { InventoryStats, SearchHit, SiteNode } from '../../inventory/types';
import type { RackSummary, RoomDetail } from '../../inventory/room';
import type { ChangeEntry } from '../../inventory/change-log';
import { request } from './define';

export const id = z.number().int().positive();
export const none = z.object({}).strict();

export const inventoryRequests = {
  'inventory.stats': request<InventoryStats>()(none, { access: 'read' }),
  'inventory.tree': request<SiteNode[]>()(none, { access: 'read' }),
  'inventory.search': request<SearchHit[]>()(
    z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(200).optional() }).strict(),
    { access: 'read' },
  ),
  'room.detail': request<RoomDetail>()(z.object({ roomId: id }).strict(), { access: 'read' }),
  'room.racks': request<RackSummary[]>()(z.object({ roomId: id }).strict(), { access: 'read' }),
  'changes.recent': request<ChangeEntry[]>()(z.object({ limit: z.number().int().min(1).max(1000).default(50) }).strict(), { access: 'read' }),
} as const;
