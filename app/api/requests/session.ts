import { z } from 'zod';
import { request } from './define';

export interface SessionInfo {
  /** The technician remembered for this database; null until someone names themselves. */
  readonly technician: string | null;
}

export const sessionRequests = {
  'session.get': request<SessionInfo>()(z.object({}).strict(), { access: 'read' }),
  /** Names the technician of this database once; every later write records them as its actor. */
  'session.setTechnician': request<SessionInfo>()(z.object({ name: z.string().max(200) }).strict()),
} as const;
