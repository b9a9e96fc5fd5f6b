import type { ReactElement } from 'react';
import { useConnection } from '../api/connection';

/** Browser mode only: a bar over the console while the server is away, gone by itself once it is back. */
export function ConnectionBanner(): ReactElement | null {
  const connection = useConnection();
  if (connection === 'online') return null;
  return (
    <div className={`connection-banner is-${connection}`} role="alert" aria-live="assertive">
      {connection === 'reconnecting'
        ? 'reconnecting… the Floorwalk server is not answering; the console resumes by itself when it is back.'
        : 'This session ended: the server was started with a new session. Open the URL that “floorwalk serve” printed.'}
    </div>
  );
}
