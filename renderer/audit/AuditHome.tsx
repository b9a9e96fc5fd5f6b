import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import type { AuditSummary } from '../../app/audit/types';
import { api } from '../api/client';
import { useRequest } from '../api/use-request';
import { formatTime } from '../shell/format';
import { showToast } from '../shell/toast-store';
import { downloadText } from '../shared/download';
import { auditHash } from './routes';

const BY_KEY = 'floorwalk.audit.technician';
type ScopeKind = 'room' | 'site' | 'racks';

function StartForm(): ReactElement {
  const tree = useRequest('inventory.tree', {});
  const [kind, setKind] = useState<ScopeKind>('room');
  const [target, setTarget] = useState('');
  const session = useRequest('session.get', {});
  const [by, setBy] = useState(() => localStorage.getItem(BY_KEY) ?? '');
  // The technician this database remembers comes first: it is who the change log will name.
  const remembered = session.data?.technician ?? null;
  useEffect(() => {
    if (remembered !== null) setBy(remembered);
  }, [remembered]);
  // Devices by default: a GPU-level audit lists every GPU not scanned one by one as missing.
  const [accelerators, setAccelerators] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rooms = (tree.data ?? []).flatMap((s) => s.rooms.map((r) => `${s.code}/${r.name}`));
  const sites = (tree.data ?? []).map((s) => s.code);

  useEffect(() => {
    if (target === '' && kind === 'room' && rooms[0]) setTarget(rooms[0]);
  }, [kind, rooms, target]);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const scope =
        kind === 'room' ? { kind, room: target } : kind === 'site' ? { kind, site: target } : { kind, racks: target.split(/[,\s]+/).filter((r) => r !== '') };
      localStorage.setItem(BY_KEY, by.trim());
      // Asked once per database: the first technician to start an audit here becomes the session's actor
      // (named before the audit is written, so the console does not ask for the name a second time).
      if (remembered === null) await api.call('session.setTechnician', { name: by });
      const started = await api.call('audit.start', { scope, technician: by, includeAccelerators: accelerators });
      showToast(`Audit started: ${started.expected} items expected`, 'ok');
      window.location.hash = auditHash(started.audit);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel audit-start" onSubmit={(e) => void submit(e)} aria-label="Start an audit">
      <div className="panel-head">
        <span className="panel-title">Start an audit</span>
        <span className="muted">what the inventory expects is frozen at the start</span>
      </div>
      <div className="audit-form pad">
        <label className="inline-label">
          Scope
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as ScopeKind);
              setTarget('');
            }}
            aria-label="Scope"
          >
            <option value="room">a room</option>
            <option value="site">a whole site</option>
            <option value="racks">chosen racks</option>
          </select>
        </label>
        <label className="inline-label">
          {kind === 'racks' ? 'Racks' : kind === 'site' ? 'Site' : 'Room'}
          <input
            list={kind === 'racks' ? undefined : `audit-${kind}-choices`}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            placeholder={kind === 'racks' ? 'asset tags or SITE/ROOM/RACK, comma-separated' : kind === 'site' ? 'PHX1' : 'PHX1/DH1'}
            aria-label="Audit target"
            className="audit-target"
            required
          />
        </label>
        <datalist id="audit-room-choices">
          {rooms.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <datalist id="audit-site-choices">
          {sites.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <label className="inline-label">
          Technician
          <input value={by} onChange={(e) => setBy(e.target.value)} placeholder="your name" aria-label="Technician" required maxLength={80} />
        </label>
        <label className="inline-label">
          <input type="checkbox" checked={accelerators} onChange={(e) => setAccelerators(e.target.checked)} className="audit-check" /> GPU serials too (scan every GPU)
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Start
        </button>
      </div>
      {error ? <div className="pad error-text">{error}</div> : null}
    </form>
  );
}

function ImportPanel(props: { onImported(): void }): ReactElement {
  const [result, setResult] = useState<string | null>(null);
  async function pick(file: File | undefined): Promise<void> {
    if (!file) return;
    try {
      const text = await file.text();
      const r = await api.call('audit.import', { source: { text, name: file.name } });
      setResult(r.unchanged ? `Nothing new in ${file.name}.` : `Audit ${r.audit} ${r.created ? 'imported' : 'merged'}: ${r.scansAdded} scans, ${r.racksDoneAdded} racks done, ${r.decisionsChanged} decisions.`);
      props.onImported();
    } catch (e) {
      setResult(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <section className="panel">
      <div className="panel-head">
        <span className="panel-title">Import an audit file</span>
        <span className="muted">from another laptop; the same audit merges, a second import changes nothing</span>
      </div>
      <div className="pad audit-form">
        <input type="file" accept=".json,application/json" aria-label="Audit file" onChange={(e) => void pick(e.target.files?.[0])} />
        {result ? <span data-testid="import-result">{result}</span> : null}
      </div>
    </section>
  );
}

function LabelsPanel(): ReactElement {
  const [room, setRoom] = useState('');
  const [devices, setDevices] = useState(true);
  const [busy, setBusy] = useState(false);
  async function make(): Promise<void> {
    setBusy(true);
    try {
      const sheet = await api.call('audit.labels', { room, devices });
      downloadText(sheet.filename, sheet.html, 'text/html;charset=utf-8');
      showToast(`${sheet.labels} labels in ${sheet.filename}: open it and print`, 'ok');
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="panel">
      <div className="panel-head">
        <span className="panel-title">QR labels</span>
        <span className="muted">printable sheets for racks and devices (asset tags), 24 to an A4 page</span>
      </div>
      <div className="pad audit-form">
        <input list="audit-room-choices" value={room} onChange={(e) => setRoom(e.target.value)} placeholder="room, e.g. PHX1/DH1" aria-label="Labels room" />
        <label className="inline-label">
          <input type="checkbox" checked={devices} onChange={(e) => setDevices(e.target.checked)} className="audit-check" /> devices too
        </label>
        <button type="button" className="btn" disabled={busy || room.trim() === ''} onClick={() => void make()}>
          Make label sheet
        </button>
      </div>
    </section>
  );
}

function AuditList(props: { audits: readonly AuditSummary[] }): ReactElement {
  if (props.audits.length === 0) return <div className="empty-state">No audits yet.</div>;
  return (
    <table className="table" data-testid="audit-list">
      <thead>
        <tr>
          <th>Scope</th>
          <th>Technician</th>
          <th>Started</th>
          <th>State</th>
          <th className="num">Seen</th>
          <th className="num">Racks done</th>
          <th>Audit</th>
        </tr>
      </thead>
      <tbody>
        {props.audits.map((a) => (
          <tr key={a.id} className="clickable" onClick={() => (window.location.hash = auditHash(a.id))}>
            <td>
              <a href={auditHash(a.id)}>{a.scopeLabel}</a>
            </td>
            <td>{a.technician}</td>
            <td className="nowrap">{formatTime(a.startedAt)}</td>
            <td>{a.state}</td>
            <td className="num">
              {a.seen}/{a.expected}
            </td>
            <td className="num">
              {a.racksDone}/{a.racks}
            </td>
            <td className="mono muted">{a.id}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Audits: start one, open one, import one from another laptop, print QR labels for a hall. */
export function AuditHome(): ReactElement {
  const [version, setVersion] = useState(0);
  const [audits, setAudits] = useState<readonly AuditSummary[] | null>(null);
  useEffect(() => {
    api.call('audit.list', {}).then(setAudits, () => setAudits([]));
  }, [version]);
  return (
    <div className="view-body audit-home">
      <StartForm />
      <section className="panel">
        <div className="panel-head">
          <span className="panel-title">Audits</span>
        </div>
        {audits ? <AuditList audits={audits} /> : <div className="view-loading">Loading…</div>}
      </section>
      <ImportPanel onImported={() => setVersion((v) => v + 1)} />
      <LabelsPanel />
    </div>
  );
}
