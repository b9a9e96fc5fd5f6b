import { z } from 'zod';
import { NETBOX_EXPORT_KINDS, type NetboxExportFile } from '../../netbox/export';
import type { PullResult } from '../../netbox/pull';
import type { LocalChange } from '../../netbox/sync/diff';
import type { PushResult } from '../../netbox/sync/push';
import { request } from './define';

export const netboxRequests = {
  /** NetBox bulk-import CSVs of the inventory, one per kind, in NetBox's load order. */
  'netbox.export': request<NetboxExportFile[]>()(z.object({ kinds: z.array(z.enum(NETBOX_EXPORT_KINDS)).min(1).max(NETBOX_EXPORT_KINDS.length) }).strict(), {
    access: 'read',
  }),
  /**
   * Reads a NetBox site into the inventory. The token comes with the call or from the token saved for the
   * server (0600 file beside the database); it is never stored in the database.
   */
  'netbox.pull': request<PullResult>()(
    z
      .object({
        url: z.string().min(1).max(2000),
        token: z.string().min(1).max(400).optional(),
        site: z.string().min(1).max(100),
        location: z.string().min(1).max(100).optional(),
        saveToken: z.boolean().default(true),
      })
      .strict(),
  ),
  /** Local changes since the last pull from a server, object by object; reads nothing over the network. */
  'netbox.diff': request<{ server: string; changes: LocalChange[] }>()(z.object({ url: z.string().min(1).max(2000) }).strict(), { access: 'read' }),
  /** Sends the diff as NetBox writes; a change to an object that moved on in NetBox is a conflict, not sent. */
  'netbox.push': request<PushResult>()(
    z
      .object({
        url: z.string().min(1).max(2000),
        token: z.string().min(1).max(400).optional(),
        dryRun: z.boolean().default(false),
        branch: z.string().min(1).max(100).optional(),
      })
      .strict(),
  ),
} as const;
