import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { RequestResult } from '../../app/api/contract';
import type { ProgressEvent } from '../../app/core/progress';
import { api } from '../api/client';
import { invalidateData } from '../api/data-version';
import { useRequest } from '../api/use-request';
import { formatCount, formatTime } from '../shell/format';
import { setNavContext } from '../shell/nav-context';
import { showToast } from '../shell/toast-store';
import { ViewHeader } from '../shell/ViewHeader';
import { ChangesTable, PushTable } from './SyncTables';
import './sync.css';

type PushResult = RequestResult<'netbox.push'>;
type Busy = 'token' | 'pull' | 'dry' | 'push' | null;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * NetBox sync: where this database's inventory came from (server, site, last pull), what changed here since
 * (the diff), and the round trip back — a dry run first, which also finds conflicts (objects edited in NetBox
 * since the pull), then the push. The token goes in once and is never shown back: the core keeps it in the OS
 * keychain or a 0600 file.
 */
export function SyncView(): ReactElement {
  useEffect(() => setNavContext({}), []);
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [site, setSite] = useState('');
  const [location, setLocation] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<PushResult | null>(null);
  const controller = useRef<AbortController | null>(null);

  const status = useRequest('netbox.status', url.trim() === '' ? {} : { url: url.trim() });
  const servers = status.data?.servers ?? [];
  // The first server pulled from fills the form, once; the technician may type another.
  const filled = useRef(false);
  useEffect(() => {
    const [first] = servers;
    if (filled.current || !first) return;
    filled.current = true;
    setUrl(first.server);
    if (first.lastPull) {
      setSite(first.lastPull.site);
      setLocation(first.lastPull.location ?? '');
    }
  }, [servers]);

  const server = status.data?.url ?? null;
  const current = servers.find((s) => s.server === server) ?? null;
  const diff = useRequest('netbox.diff', server && current ? { url: server } : null);
  const changes = diff.data?.changes ?? [];
  const shownRun = run && run.server === server ? run : null;
  const problems = shownRun ? shownRun.items.filter((i) => i.result === 'conflict' || i.result === 'refused') : (current?.lastPush?.problems ?? []);
  const pending = shownRun?.dryRun ? shownRun.items.filter((i) => i.result === 'would push' || i.result === 'would create').length : 0;

  async function act<T>(kind: Exclude<Busy, null>, work: (signal: AbortSignal, onProgress: (p: ProgressEvent) => void) => Promise<T>): Promise<T | null> {
    setBusy(kind);
    setError(null);
    setProgress(null);
    const abort = new AbortController();
    controller.current = abort;
    try {
      return await work(abort.signal, setProgress);
    } catch (caught) {
      setError(message(caught));
      return null;
    } finally {
      controller.current = null;
      setBusy(null);
      setProgress(null);
    }
  }

  async function saveToken(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (token === '' || url.trim() === '') return;
    const saved = await act('token', (signal) => api.call('netbox.token.save', { url: url.trim(), token }, { signal }));
    if (saved) {
      setToken('');
      showToast(`Token accepted by NetBox${saved.user ? ` (user ${saved.user})` : ''}; kept ${saved.store === 'keychain' ? 'in the OS keychain' : 'in a file only you can read'}`, 'ok');
      invalidateData();
    }
  }

  async function forgetToken(): Promise<void> {
    const done = await act('token', (signal) => api.call('netbox.token.forget', { url: url.trim() }, { signal }));
    if (done) {
      showToast(done.removed ? `Token for ${done.server} removed` : 'No token was saved', 'info');
      invalidateData();
    }
  }

  async function pull(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (url.trim() === '' || site.trim() === '') return;
    const input = { url: url.trim(), site: site.trim(), ...(location.trim() ? { location: location.trim() } : {}), ...(token ? { token } : {}) };
    const result = await act('pull', (signal, onProgress) => api.call('netbox.pull', input, { signal, onProgress }));
    if (result) {
      setToken('');
      setRun(null);
      showToast(`Pulled ${result.site}: ${formatCount(result.created)} created, ${formatCount(result.updated)} updated, ${formatCount(result.unchanged)} unchanged`, 'ok');
      invalidateData();
    }
  }

  async function push(dryRun: boolean): Promise<void> {
    if (!server) return;
    const result = await act(dryRun ? 'dry' : 'push', (signal, onProgress) => api.call('netbox.push', { url: server, dryRun }, { signal, onProgress }));
    if (!result) return;
    setRun(result);
    if (!dryRun) {
      showToast(`Pushed ${formatCount(result.pushed)} change(s), created ${formatCount(result.created)}; ${result.conflicts} conflict(s), ${result.refused} refused`, result.conflicts + result.refused > 0 ? 'error' : 'ok');
    }
    invalidateData();
  }

  const noServer = url.trim() === '';
  return (
    <div className="view view-sync">
      <ViewHeader crumbs={[]} title="NetBox sync" tag={<span className="muted">the only network call Floorwalk makes, and only from here or the CLI</span>} />
      <div className="view-body sync-body">
        <section className="panel sync-connect" aria-label="NetBox server">
          <form className="sync-form" onSubmit={(e) => void pull(e)}>
            <label className="sync-field sync-url">
              <span>NetBox URL</span>
              <input className="mono" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://netbox.example.com" spellCheck={false} autoComplete="off" data-testid="sync-url" />
            </label>
            <label className="sync-field">
              <span>Site slug</span>
              <input className="mono" value={site} onChange={(e) => setSite(e.target.value)} placeholder="phx1" spellCheck={false} data-testid="sync-site" />
            </label>
            <label className="sync-field">
              <span>Location (optional)</span>
              <input className="mono" value={location} onChange={(e) => setLocation(e.target.value)} placeholder="all" spellCheck={false} />
            </label>
            <button type="submit" className="btn btn-primary" disabled={busy !== null || noServer || site.trim() === ''} data-testid="sync-pull">
              {busy === 'pull' ? 'Pulling…' : 'Pull'}
            </button>
          </form>
          <form className="sync-form" onSubmit={(e) => void saveToken(e)}>
            <label className="sync-field sync-url">
              <span>API token {status.data?.tokenSaved ? <span className="sync-ok">· saved</span> : <span className="muted">· none saved</span>}</span>
              <input
                type="password"
                className="mono"
                value={token}
                onChange={(e) => setToken(e.target.value)}
                placeholder={status.data?.tokenSaved ? 'saved — type a new one to replace it' : 'nbt_… (never shown again once saved)'}
                autoComplete="off"
                data-testid="sync-token"
              />
            </label>
            <button type="submit" className="btn" disabled={busy !== null || token === '' || noServer} data-testid="sync-save-token">
              {busy === 'token' ? 'Checking…' : 'Check and save token'}
            </button>
            <button type="button" className="btn btn-danger-quiet" disabled={busy !== null || !status.data?.tokenSaved} onClick={() => void forgetToken()}>
              Forget token
            </button>
          </form>
          {progress || busy === 'pull' || busy === 'push' || busy === 'dry' ? (
            <div className="sync-progress" role="status" aria-live="polite" data-testid="sync-progress">
              <span className="muted">{progress ? `${progress.phase} · ${Math.floor(progress.fraction * 100)} %${progress.total > 0 ? ` · ${formatCount(progress.done)} of ${formatCount(progress.total)}` : ''}` : 'Talking to NetBox…'}</span>
              <div className="tel-progress-track sync-track">
                <div className="tel-progress-fill" style={{ width: `${((progress?.fraction ?? 0) * 100).toFixed(1)}%` }} />
              </div>
              <button type="button" className="btn btn-small btn-danger" onClick={() => controller.current?.abort()}>
                Cancel
              </button>
            </div>
          ) : null}
          {error ? (
            <div className="form-error sync-error" role="alert" data-testid="sync-error">
              {error}
            </div>
          ) : null}
        </section>

        <section className="panel" aria-label="Status" data-testid="sync-status">
          <div className="panel-head">
            <span className="panel-title">Status</span>
            <span className="muted">{current ? current.server : server ? 'never pulled from this server' : 'no server yet'}</span>
          </div>
          {current?.lastPull ? (
            <dl className="sync-facts pad">
              <div>
                <dt>Last pull</dt>
                <dd data-testid="sync-last-pull">
                  <span className="mono strong">{current.lastPull.site}{current.lastPull.location ? ` / ${current.lastPull.location}` : ''}</span> · {formatTime(current.lastPull.at)} ·{' '}
                  {formatCount(current.lastPull.objects)} objects ({formatCount(current.lastPull.created)} created, {formatCount(current.lastPull.updated)} updated,{' '}
                  {formatCount(current.lastPull.unchanged)} unchanged{current.lastPull.skipped > 0 ? `, ${formatCount(current.lastPull.skipped)} skipped` : ''})
                </dd>
              </div>
              <div>
                <dt>Linked</dt>
                <dd>
                  {formatCount(current.linked.location)} locations · {formatCount(current.linked.rack)} racks · {formatCount(current.linked.device)} devices · {formatCount(current.linked.inventory_item)} GPUs
                </dd>
              </div>
              <div>
                <dt>Last push</dt>
                <dd data-testid="sync-last-push">
                  {current.lastPush
                    ? `${current.lastPush.dryRun ? 'dry run' : 'push'}${current.lastPush.branch ? ` into branch ${current.lastPush.branch}` : ''} · ${formatTime(current.lastPush.at)} · ${formatCount(current.lastPush.pushed)} pushed, ${formatCount(current.lastPush.created)} created, ${current.lastPush.conflicts} conflicts, ${current.lastPush.refused} refused`
                    : 'never'}
                </dd>
              </div>
            </dl>
          ) : (
            <p className="pad muted">Give the NetBox URL, a token and the site slug, then Pull: the site's locations, racks, devices and GPU inventory items come in as one change.</p>
          )}
        </section>

        <section className="panel" aria-label="Local changes since the pull">
          <div className="panel-head">
            <span className="panel-title">
              Local changes since the pull <span className="muted" data-testid="sync-change-count">{current ? formatCount(changes.length) : ''}</span>
            </span>
            <div className="panel-actions">
              <button type="button" className="btn" disabled={busy !== null || !current || changes.length === 0} onClick={() => void push(true)} data-testid="sync-dry-run" title="Reads NetBox, writes nothing: shows what would be sent and every conflict">
                {busy === 'dry' ? 'Checking…' : 'Dry run'}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy !== null || pending === 0}
                onClick={() => void push(false)}
                data-testid="sync-push"
                title={pending === 0 ? 'Run a dry run first' : 'Send these to NetBox'}
              >
                {busy === 'push' ? 'Pushing…' : pending > 0 ? `Push ${formatCount(pending)}` : 'Push'}
              </button>
            </div>
          </div>
          <ChangesTable changes={changes} pulled={current !== null} />
        </section>

        {shownRun ? (
          <section className="panel" aria-label={shownRun.dryRun ? 'Dry run' : 'Push result'} data-testid="sync-run">
            <div className="panel-head">
              <span className="panel-title">{shownRun.dryRun ? 'Dry run: what a push would do' : 'Push result'}</span>
              <span className="muted">
                {shownRun.dryRun ? `${formatCount(pending)} to send` : `${formatCount(shownRun.pushed)} pushed · ${formatCount(shownRun.created)} created`} · {shownRun.conflicts} conflicts · {shownRun.refused} refused
              </span>
            </div>
            <PushTable items={shownRun.items} />
          </section>
        ) : null}

        <section className="panel" aria-label="Conflicts" data-testid="sync-conflicts">
          <div className="panel-head">
            <span className="panel-title">
              Conflicts and refusals <span className="muted">{formatCount(problems.length)}</span>
            </span>
            <span className="muted">edited in NetBox since the pull: never overwritten — pull again, then decide</span>
          </div>
          {problems.length > 0 ? <PushTable items={problems} /> : <p className="pad muted">None{shownRun || current?.lastPush ? ' in the last run' : ' yet: a dry run finds them'}.</p>}
        </section>
      </div>
    </div>
  );
}
