import { z } from 'zod';
import { NETBOX_EXPORT_KINDS, type NetboxExportFile } from '../../netbox/export';
import type { PullResult } from '../../netbox/pull';
import type { LocalChange } from '../../netbox/sync/diff';
import type { PushResult } from '../../netbox/sync/push';
import type { SyncServerStatus } from '../../netbox/sync/status';
import type { TokenStoreKind } from '../../netbox/token-store';
import { request } from './define';

const url = z.string().min(1).max(2000);
/** A NetBox API token: it goes in, it never comes back out (no answer, error or log carries it). */
const token = z.string().min(1).max(400);

export const netboxRequests = {
  /** NetBox bulk-import CSVs of the inventory, one per kind, in NetBox's load order. */
  'netbox.export': request<NetboxExportFile[]>()(z.object({ kinds: z.array(z.enum(NETBOX_EXPORT_KINDS)).min(1).max(NETBOX_EXPORT_KINDS.length) }).strict(), {
    access: 'read',
  }),
  /**
   * Reads a NetBox site into the inventory. The token comes with the call or from the token saved for the
   * server (OS keychain or 0600 file beside the database); it is never stored in the database.
   */
  'netbox.pull': request<PullResult>()(
    z
      .object({
        url,
        token: token.optional(),
        site: z.string().min(1).max(100),
        location: z.string().min(1).max(100).optional(),
        saveToken: z.boolean().default(true),
      })
      .strict(),
  ),
  /** Local changes since the last pull from a server, object by object; reads nothing over the network. */
  'netbox.diff': request<{ server: string; changes: LocalChange[] }>()(z.object({ url }).strict(), { access: 'read' }),
  /** Sends the diff as NetBox writes; a change to an object that moved on in NetBox is a conflict, not sent. */
  'netbox.push': request<PushResult>()(
    z
      .object({
        url,
        token: token.optional(),
        dryRun: z.boolean().default(false),
        branch: z.string().min(1).max(100).optional(),
      })
      .strict(),
  ),
  /** Every server pulled from (last pull, links, last push) and whether a token is saved for `url`. */
  'netbox.status': request<{ servers: SyncServerStatus[]; url: string | null; tokenSaved: boolean }>()(z.object({ url: url.optional() }).strict(), { access: 'read' }),
  /** Checks a token against NetBox (one read) and saves it for the server; the answer says where, never what. */
  'netbox.token.save': request<{ server: string; saved: true; store: TokenStoreKind; user: string | null }>()(z.object({ url, token }).strict()),
  /** Removes the token saved for a server. */
  'netbox.token.forget': request<{ server: string; removed: boolean }>()(z.object({ url }).strict()),
} as const;
