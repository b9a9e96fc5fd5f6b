import { useEffect, useRef, type ReactElement } from 'react';
import { ApiError } from '../api/client';

/**
 * A place that does not exist (an unknown route, a deleted rack): says what was asked for and gives the
 * ways back — the previous place, all sites, search — with focus on the first, so Enter goes back.
 */
export function NotFoundView(props: { what: string }): ReactElement {
  const backRef = useRef<HTMLButtonElement>(null);
  useEffect(() => backRef.current?.focus(), []);
  const canGoBack = window.history.length > 1;
  return (
    <div className="view view-not-found" role="alert">
      <h1 className="view-title">Not found</h1>
      <p>{props.what}.</p>
      <div className="not-found-actions">
        {canGoBack ? (
          <button ref={backRef} type="button" className="btn btn-primary" onClick={() => window.history.back()}>
            Go back
          </button>
        ) : null}
        <a className="btn" href="#/">
          All sites
        </a>
        <span className="muted">
          or press <kbd>Ctrl</kbd>+<kbd>K</kbd> to search
        </span>
      </div>
    </div>
  );
}

/** A view's load error: the not-found page when the thing does not exist, the message in red otherwise. */
export function ViewError(props: { error: Error }): ReactElement {
  if (props.error instanceof ApiError && props.error.code === 'not_found') return <NotFoundView what={props.error.message.replace(/\.$/, '')} />;
  return (
    <div className="view-error" role="alert">
      {props.error.message}
    </div>
  );
}
