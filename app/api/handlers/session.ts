import type { sessionRequests } from '../requests/session';
import type { HandlersFor } from './context';
import { sessionTechnician, setSessionTechnician } from '../../session/technician';

export const sessionHandlers: HandlersFor<keyof typeof sessionRequests> = {
  'session.get': (ctx) => ({ technician: sessionTechnician(ctx.db) }),
  'session.setTechnician': (ctx, input) => ({ technician: setSessionTechnician(ctx.db, input.name) }),
};
