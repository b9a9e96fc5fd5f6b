import { z } from 'zod';
import { request } from './define';

export interface SessionInfo {
  /** The technician remembered for this database; null until someone names themselves. */
  readonly technician: string | null;
  /**
   * The requests the console may send that write: the console asks for the technician's name before the
   * first of them, once per database, so no change is logged under a transport's name.
   */
  readonly writeRequests: readonly string[];
}

export const sessionRequests = {
  'session.get': request<SessionInfo>()(z.object({}).strict(), { access: 'read' }),
  /** Names the technician of this database once; every later write records them as its actor. */
  'session.setTechnician': request<SessionInfo>()(z.object({ name: z.string().max(200) }).strict()),
} as const;
