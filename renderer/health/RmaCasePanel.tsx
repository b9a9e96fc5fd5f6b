import { useState, type FormEvent, type ReactElement } from 'react';
import type { HealthFinding } from '../../app/health/types';
import type { RmaCase } from '../../app/rma/types';
import { api } from '../api/client';
import { invalidateData } from '../api/data-version';
import { useRequest } from '../api/use-request';
import { formatTime } from '../shell/format';
import { showToast } from '../shell/toast-store';
import { SlotHistoryTable } from './SlotHistoryTable';
import { rememberedTechnician, rememberTechnician } from './technician';
import './health.css';

const STEP_LABEL: Record<string, string> = { open: 'Opened', drain: 'Drained', remove: 'Removed', install: 'Installed', verify: 'Verified', close: 'Closed', note: 'Note' };

function CaseSteps(props: { rma: RmaCase }): ReactElement {
  const c = props.rma;
  return (
    <ol className="health-steps" data-testid="rma-steps">
      {c.events.map((e) => (
        <li key={e.id}>
          <span className="health-step">{STEP_LABEL[e.step] ?? e.step}</span>
          <span className="muted">{formatTime(e.at)}</span>
          <span>{e.actor}</span>
          {e.serial ? <span className="mono">{e.serial}</span> : null}
          {e.note ? <span className="muted">— {e.note}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * The field-replacement case of one GPU slot: open one from a finding, note the drain, scan the new
 * part's serial, close. Every step names the technician; the slot's history is below.
 */
export function RmaCasePanel(props: { deviceId: number; slot: number; acceleratorId: number | null; finding: HealthFinding | null; allowOpen?: boolean }): ReactElement {
  const slot = useRequest('rma.slot', { deviceId: props.deviceId, slot: props.slot });
  const [by, setBy] = useState(rememberedTechnician);
  const [reason, setReason] = useState(props.finding ? props.finding.title : '');
  const [note, setNote] = useState('');
  const [newSerial, setNewSerial] = useState('');
  const [removedSerial, setRemovedSerial] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = slot.data?.cases.find((c) => c.status !== 'returned') ?? null;

  async function run(what: () => Promise<RmaCase>, done: (c: RmaCase) => string): Promise<void> {
    if (by.trim() === '') {
      setError('Say who you are first: every step names its technician.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      rememberTechnician(by);
      const c = await what();
      showToast(done(c), 'ok');
      setNote('');
      setNewSerial('');
      setRemovedSerial('');
      invalidateData();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const openCase = (status: 'rma-open' | 'suspect') => (event?: FormEvent) => {
    event?.preventDefault();
    void run(
      () =>
        api.call('rma.open', {
          ...(props.acceleratorId === null ? { part: `${slot.data?.device ?? ''}:${props.slot}` } : { acceleratorId: props.acceleratorId }),
          by,
          status,
          ...(reason.trim() ? { reason } : {}),
          ...(props.finding ? { findingKind: props.finding.kind, evidence: props.finding.evidence } : {}),
        }),
      (c) => `RMA case ${c.id} opened (${c.status})`,
    );
  };

  function swap(event: FormEvent): void {
    event.preventDefault();
    if (!open) return;
    void run(
      () => api.call('rma.swap', { caseId: open.id, newSerial, by, ...(removedSerial.trim() ? { removedSerial } : {}) }),
      (c) => `Case ${c.id}: ${c.partSerial ?? 'part'} replaced by ${c.newSerial ?? ''}`,
    );
  }

  if (slot.error) return <div className="view-error">{slot.error.message}</div>;
  if (!slot.data) return <div className="view-loading">Reading the slot…</div>;
  return (
    <div className="health-rma" data-testid="rma-panel">
      <label className="inline-label health-by">
        Technician
        <input value={by} onChange={(e) => setBy(e.target.value)} placeholder="your name" aria-label="Technician" />
      </label>
      {open === null && props.allowOpen === false ? null : open === null ? (
        <form className="health-form" onSubmit={openCase('rma-open')} aria-label="Open an RMA case">
          <label className="inline-label">
            Reason
            <input className="health-wide" value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reason" />
          </label>
          <div className="health-buttons">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="rma-open">
              Open RMA case
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => openCase('suspect')()}>
              Mark suspect
            </button>
          </div>
        </form>
      ) : (
        <div className="health-case" data-testid="rma-case" data-status={open.status}>
          <div className="health-case-head">
            <span className="strong">Case {open.id}</span>
            <span className={`status rma-${open.status}`}>{open.status}</span>
            {open.swappedAt !== null ? (
              <span className={open.verifiedAt === null ? 'muted' : 'status status-accel-ok'}>
                {open.verifiedAt === null ? 'swap awaiting telemetry' : `verified ${formatTime(open.verifiedAt)}`}
              </span>
            ) : null}
          </div>
          <CaseSteps rma={open} />
          {open.status === 'suspect' || open.status === 'rma-open' ? (
            <>
              <form className="health-form" onSubmit={swap} aria-label="Record the swap">
                <label className="inline-label">
                  New serial
                  <input className="mono" value={newSerial} onChange={(e) => setNewSerial(e.target.value)} placeholder="scan the new part" aria-label="New serial" data-testid="rma-new-serial" />
                </label>
                <label className="inline-label">
                  Pulled part
                  <input className="mono" value={removedSerial} onChange={(e) => setRemovedSerial(e.target.value)} placeholder={open.partSerial ?? 'serial (optional)'} aria-label="Pulled part serial" />
                </label>
                <button type="submit" className="btn btn-primary" disabled={busy || newSerial.trim() === ''} data-testid="rma-swap">
                  Record swap
                </button>
              </form>
              <div className="health-form">
                <input className="health-wide" value={note} onChange={(e) => setNote(e.target.value)} placeholder="drain note, or why the case closes without a swap" aria-label="Note" />
                <button type="button" className="btn" disabled={busy || note.trim() === ''} onClick={() => void run(() => api.call('rma.note', { caseId: open.id, note, by, step: 'drain' }), () => 'Drain noted')}>
                  Drained
                </button>
                <button type="button" className="btn btn-danger-quiet" disabled={busy || note.trim() === ''} onClick={() => void run(() => api.call('rma.close', { caseId: open.id, by, note }), (c) => `Case ${c.id} closed without a swap`)}>
                  Close without swap
                </button>
              </div>
            </>
          ) : (
            <button type="button" className="btn btn-primary" disabled={busy} data-testid="rma-close" onClick={() => void run(() => api.call('rma.close', { caseId: open.id, by }), (c) => `Case ${c.id} closed: part returned`)}>
              Close case (part returned)
            </button>
          )}
        </div>
      )}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="section-head">
        <span className="section-title">Slot history</span>
        <span className="muted">{slot.data.path}</span>
      </div>
      <SlotHistoryTable entries={slot.data.entries} />
      {slot.data.cases.filter((c) => c.status === 'returned').length > 0 ? (
        <div className="muted health-closed">
          Closed cases: {slot.data.cases.filter((c) => c.status === 'returned').map((c) => `#${c.id} ${c.partSerial ?? ''} → ${c.newSerial ?? 'no swap'}`).join(' · ')}
        </div>
      ) : null}
    </div>
  );
}
