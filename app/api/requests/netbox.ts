import { z } from 'zod';
import { NETBOX_EXPORT_KINDS, type NetboxExportFile } from '../../netbox/export';
import { request } from './define';

export const netboxRequests = {
  /** NetBox bulk-import CSVs of the inventory, one per kind, in NetBox's load order. */
  'netbox.export': request<NetboxExportFile[]>()(z.object({ kinds: z.array(z.enum(NETBOX_EXPORT_KINDS)).min(1).max(NETBOX_EXPORT_KINDS.length) }).strict(), {
    access: 'read',
  }),
} as const;
