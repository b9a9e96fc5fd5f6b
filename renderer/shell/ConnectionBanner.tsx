import type { ReactElement } from 'react';
import { useConnection } from '../api/connection';

const MESSAGES = {
  waiting: 'waiting for another Floorwalk process… (an import or edit from the command line); this change is written as soon as it is done.',
  reconnecting: 'reconnecting… the Floorwalk server is not answering; the console resumes by itself when it is back.',
  ended: 'This session ended: the server was started with a new session. Open the URL that “floorwalk serve” printed.',
} as const;

/**
 * Browser mode only: a bar over the console while the server is away (or a write waits for another
 * process's lock), gone by itself once it is back.
 */
export function ConnectionBanner(): ReactElement | null {
  const connection = useConnection();
  if (connection === 'online') return null;
  return (
    <div className={`connection-banner is-${connection}`} role={connection === 'waiting' ? 'status' : 'alert'} aria-live={connection === 'waiting' ? 'polite' : 'assertive'}>
      {MESSAGES[connection]}
    </div>
  );
}
