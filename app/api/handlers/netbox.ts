import { netboxFetch, normaliseServerUrl } from '../../netbox/client';
import { exportNetbox } from '../../netbox/export';
import { pullSite } from '../../netbox/pull';
import { hasSavedToken, openTokenStore } from '../../netbox/token-store';
import { localChanges } from '../../netbox/sync/diff';
import { pushChanges } from '../../netbox/sync/push';
import { syncStatus } from '../../netbox/sync/status';
import type { netboxRequests } from '../requests/netbox';
import type { HandlersFor } from './context';

export const netboxHandlers: HandlersFor<keyof typeof netboxRequests> = {
  'netbox.export': (ctx, input) => exportNetbox(ctx.db, input.kinds, ctx.onProgress),
  'netbox.pull': async (ctx, input) => {
    const url = normaliseServerUrl(input.url);
    const store = await openTokenStore(ctx.dbPath, ctx.secrets);
    const token = input.token ?? (await store.load(url));
    const result = await pullSite(ctx.db, { url, token }, { site: input.site, location: input.location, actor: ctx.actor, signal: ctx.signal, onProgress: ctx.onProgress });
    // Saved only once NetBox has accepted it, so a mistyped token never replaces a good one.
    if (input.token !== undefined && input.saveToken) await store.save(url, input.token);
    return result;
  },
  'netbox.diff': (ctx, input) => {
    const server = normaliseServerUrl(input.url);
    return { server, changes: localChanges(ctx.db, server) };
  },
  'netbox.push': async (ctx, input) => {
    const url = normaliseServerUrl(input.url);
    const token = input.token ?? (await (await openTokenStore(ctx.dbPath, ctx.secrets)).load(url));
    return pushChanges(ctx.db, { url, token }, { dryRun: input.dryRun, branch: input.branch, signal: ctx.signal, onProgress: ctx.onProgress });
  },
  'netbox.status': (ctx, input) => {
    // While a technician is still typing the address, it is no URL yet: the status of the known servers stays.
    let url: string | null = null;
    try {
      url = input.url === undefined ? null : normaliseServerUrl(input.url);
    } catch {
      url = null;
    }
    return { servers: syncStatus(ctx.db, (server) => hasSavedToken(ctx.dbPath, server)), url, tokenSaved: url !== null && hasSavedToken(ctx.dbPath, url) };
  },
  'netbox.token.save': async (ctx, input) => {
    const server = normaliseServerUrl(input.url);
    // NetBox's own check of who the token belongs to: a wrong token is refused here and never saved.
    const me = await netboxFetch<{ username?: string }>({ url: server, token: input.token }, 'GET', '/api/authentication-check/', undefined, ctx.signal);
    const store = await openTokenStore(ctx.dbPath, ctx.secrets);
    await store.save(server, input.token);
    return { server, saved: true, store: store.kind, user: me.body.username ?? null };
  },
  'netbox.token.forget': async (ctx, input) => {
    const server = normaliseServerUrl(input.url);
    return { server, removed: (await openTokenStore(ctx.dbPath, ctx.secrets)).forget(server) };
  },
};
