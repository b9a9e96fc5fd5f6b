import { normaliseServerUrl } from '../../netbox/client';
import { exportNetbox } from '../../netbox/export';
import { pullSite } from '../../netbox/pull';
import { loadToken, saveToken } from '../../netbox/token-store';
import { localChanges } from '../../netbox/sync/diff';
import { pushChanges } from '../../netbox/sync/push';
import type { netboxRequests } from '../requests/netbox';
import type { HandlersFor } from './context';

export const netboxHandlers: HandlersFor<keyof typeof netboxRequests> = {
  'netbox.export': (ctx, input) => exportNetbox(ctx.db, input.kinds, ctx.onProgress),
  'netbox.pull': async (ctx, input) => {
    const url = normaliseServerUrl(input.url);
    const token = input.token ?? loadToken(ctx.dbPath, url);
    const result = await pullSite(ctx.db, { url, token }, { site: input.site, location: input.location, actor: ctx.actor, signal: ctx.signal, onProgress: ctx.onProgress });
    // Saved only once NetBox has accepted it, so a mistyped token never replaces a good one.
    if (input.token !== undefined && input.saveToken) saveToken(ctx.dbPath, url, input.token);
    return result;
  },
  'netbox.diff': (ctx, input) => {
    const server = normaliseServerUrl(input.url);
    return { server, changes: localChanges(ctx.db, server) };
  },
  'netbox.push': (ctx, input) => {
    const url = normaliseServerUrl(input.url);
    const token = input.token ?? loadToken(ctx.dbPath, url);
    return pushChanges(ctx.db, { url, token }, { dryRun: input.dryRun, branch: input.branch, signal: ctx.signal, onProgress: ctx.onProgress });
  },
};
