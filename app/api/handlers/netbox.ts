import { exportNetbox } from '../../netbox/export';
import type { netboxRequests } from '../requests/netbox';
import type { HandlersFor } from './context';

export const netboxHandlers: HandlersFor<keyof typeof netboxRequests> = {
  'netbox.export': (ctx, input) => exportNetbox(ctx.db, input.kinds, ctx.onProgress),
};
