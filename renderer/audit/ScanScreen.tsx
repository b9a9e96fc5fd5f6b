import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { AUDIT_STATUS_COLORS, AUDIT_STATUS_LABELS, SCAN_RESULT_COLORS } from '../../app/audit/status-colors';
import type { AuditDetail, RackDoneResult, RackProgress, ScanResult, ScanResultKind } from '../../app/audit/types';
import { api } from '../api/client';
import { formatTime } from '../shell/format';
import { playTone } from './feedback';
import { ScanQueue } from './scan-queue';
import { readableTextOn } from '../shared/contrast';

const SOUND_KEY = 'floorwalk.audit.sound';
const RECENT_LIMIT = 40;
/** Re-read the per-rack table once a burst of scans has settled, not after every keystroke of a scanner. */
const PROGRESS_REFRESH_MS = 400;

interface Shown {
  readonly id: string;
  readonly result: ScanResultKind | 'error';
  readonly code: string;
  readonly message: string;
  readonly rack: string;
  readonly at: string;
}

function fromDetail(detail: AuditDetail): Shown[] {
  return detail.recentScans.map((s) => ({ id: s.id, result: s.result, code: s.code, message: s.item?.label ?? (s.result === 'rack' ? 'rack label' : ''), rack: s.rack, at: s.at }));
}

const RESULT_WORDS: Readonly<Record<Shown['result'], string>> = {
  rack: 'RACK',
  matched: 'MATCHED',
  misplaced: 'MISPLACED',
  unknown: 'UNKNOWN',
  duplicate: 'DUPLICATE',
  error: 'NOT RECORDED',
};

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export interface ScanScreenProps {
  readonly detail: AuditDetail;
  /** Called after the audit changed in a way the parent shows (rack done, finished). */
  onChanged(): void;
}

/**
 * The scanning screen. The code field keeps the focus: a keyboard-wedge scanner (fast keystrokes ending in
 * Enter) and a technician typing both land there, and any key typed elsewhere on the page is sent back to
 * it. Each Enter is one scan, queued in order and written by the core before it answers; the answer flashes
 * big in its colour, with a tone. A rack label switches the current rack; F8 marks the current rack done and
 * lists what is missing in it.
 */
export function ScanScreen(props: ScanScreenProps): ReactElement {
  const { detail } = props;
  const auditId = detail.audit.id;
  const scanning = detail.audit.state === 'scanning';
  const inputRef = useRef<HTMLInputElement>(null);
  const queueRef = useRef(new ScanQueue());
  const refreshTimer = useRef<number | null>(null);
  const [code, setCode] = useState('');
  const [flash, setFlash] = useState<Shown | null>(null);
  const [flashCount, setFlashCount] = useState(0);
  const [recent, setRecent] = useState<Shown[]>(() => fromDetail(detail));
  const [rack, setRack] = useState(detail.currentRack);
  const [rackCounts, setRackCounts] = useState<{ seen: number; expected: number } | null>(null);
  const [totals, setTotals] = useState({ seen: detail.audit.seen, expected: detail.audit.expected });
  const [racks, setRacks] = useState<readonly RackProgress[]>(detail.racks);
  const [missing, setMissing] = useState<RackDoneResult | null>(null);
  const [pending, setPending] = useState(0);
  const [sound, setSound] = useState(() => localStorage.getItem(SOUND_KEY) !== 'off');
  const soundRef = useRef(sound);
  soundRef.current = sound;

  useEffect(() => {
    setRacks(detail.racks);
    setTotals({ seen: detail.audit.seen, expected: detail.audit.expected });
  }, [detail]);

  const current = rack ? racks.find((r) => r.rackId === rack.id) : undefined;
  const shownRackCounts = rackCounts ?? (current ? { seen: current.seen, expected: current.expected } : null);

  const refreshProgress = useCallback(() => {
    if (refreshTimer.current !== null) window.clearTimeout(refreshTimer.current);
    refreshTimer.current = window.setTimeout(() => {
      refreshTimer.current = null;
      api.call('audit.progress', { audit: auditId }).then(setRacks, () => undefined);
    }, PROGRESS_REFRESH_MS);
  }, [auditId]);
  useEffect(
    () => () => {
      if (refreshTimer.current !== null) window.clearTimeout(refreshTimer.current);
    },
    [],
  );

  const show = useCallback((shown: Shown) => {
    setFlash(shown);
    setFlashCount((n) => n + 1);
    setRecent((list) => [shown, ...list].slice(0, RECENT_LIMIT));
  }, []);

  const submit = useCallback(
    (raw: string) => {
      const text = raw.trim();
      if (text === '') return;
      const queue = queueRef.current;
      const at = new Date().toISOString();
      void queue
        .push(() => api.call('audit.scan', { audit: auditId, code: text }))
        .then(
          (result: ScanResult) => {
            playTone(result.result, soundRef.current);
            show({ id: result.scan, result: result.result, code: result.code, message: result.message, rack: result.rack?.path ?? '', at });
            setRack(result.rack);
            setRackCounts({ seen: result.progress.rackSeen, expected: result.progress.rackExpected });
            setTotals({ seen: result.progress.seen, expected: result.progress.expected });
            refreshProgress();
          },
          (error: unknown) => {
            playTone('unknown', soundRef.current);
            show({ id: `e${at}${text}`, result: 'error', code: text, message: error instanceof Error ? error.message : String(error), rack: '', at });
          },
        )
        .finally(() => setPending(queue.pending));
      setPending(queue.pending);
    },
    [auditId, refreshProgress, show],
  );

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      const value = event.currentTarget.value;
      setCode('');
      submit(value);
    }
  }

  const markDone = useCallback(
    (rackId: number, done: boolean) => {
      api.call('audit.rackDone', { audit: auditId, rack: String(rackId), done }).then(
        (result) => {
          setMissing(done ? result : null);
          refreshProgress();
          props.onChanged();
        },
        (error: unknown) => show({ id: `d${Date.now()}`, result: 'error', code: '', message: error instanceof Error ? error.message : String(error), rack: '', at: new Date().toISOString() }),
      );
    },
    [auditId, props, refreshProgress, show],
  );

  // The code field keeps the focus: keys typed anywhere else on the screen go to it.
  useEffect(() => {
    if (!scanning) return undefined;
    function onWindowKey(event: globalThis.KeyboardEvent): void {
      if (event.key === 'F8') {
        event.preventDefault();
        if (rack) markDone(rack.id, true);
        return;
      }
      if (isEditable(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key.length === 1 || event.key === 'Enter') inputRef.current?.focus();
    }
    window.addEventListener('keydown', onWindowKey, true);
    return () => window.removeEventListener('keydown', onWindowKey, true);
  }, [scanning, rack, markDone]);

  function keepFocus(): void {
    window.setTimeout(() => {
      const active = document.activeElement;
      if (scanning && (active === null || active === document.body)) inputRef.current?.focus();
    }, 0);
  }

  function toggleSound(): void {
    const next = !sound;
    setSound(next);
    localStorage.setItem(SOUND_KEY, next ? 'on' : 'off');
    inputRef.current?.focus();
  }

  const flashColor = flash ? (flash.result === 'error' ? '#b62324' : SCAN_RESULT_COLORS[flash.result]) : undefined;

  return (
    <div className="audit-scan">
      <div className="audit-scan-main">
        <div className="audit-rackbar">
          <div>
            <div className="section-title">Current rack</div>
            <div className="audit-rack-name" data-testid="current-rack">
              {rack ? rack.path : 'Scan a rack label to begin'}
            </div>
          </div>
          {shownRackCounts ? (
            <div className="audit-count">
              <span className="num strong">{shownRackCounts.seen}</span>
              <span className="muted"> / {shownRackCounts.expected} in rack</span>
              <div className="audit-bar">
                <span style={{ width: `${shownRackCounts.expected > 0 ? (100 * shownRackCounts.seen) / shownRackCounts.expected : 0}%` }} />
              </div>
            </div>
          ) : null}
          <div className="audit-count">
            <span className="num strong" data-testid="audit-seen">
              {totals.seen}
            </span>
            <span className="muted"> / {totals.expected} in audit</span>
          </div>
          <div className="panel-actions">
            <button type="button" className="btn" disabled={!rack || !scanning} onClick={() => rack && markDone(rack.id, true)} title="Mark the current rack walked (F8)">
              Rack done <kbd>F8</kbd>
            </button>
            <button type="button" className={sound ? 'btn' : 'btn muted'} onClick={toggleSound} aria-pressed={sound}>
              {sound ? 'Sound on' : 'Sound off'}
            </button>
          </div>
        </div>

        <label className="audit-input-label" htmlFor="audit-code">
          Scan or type a rack label, asset tag or serial, then Enter {pending > 0 ? <span className="muted">· {pending} waiting</span> : null}
        </label>
        <input
          id="audit-code"
          ref={inputRef}
          className="audit-input mono"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={keepFocus}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          disabled={!scanning}
          placeholder={scanning ? 'Scan…' : 'This audit is finished'}
          aria-label="Scanned code"
        />

        <div
          key={flashCount}
          className={flash ? 'audit-flash is-on' : 'audit-flash'}
          style={flashColor ? { background: flashColor, color: readableTextOn(flashColor) } : undefined}
          data-testid="scan-flash"
          data-result={flash?.result ?? ''}
          role="status"
          aria-live="assertive"
        >
          {flash ? (
            <>
              <div className="audit-flash-word">{RESULT_WORDS[flash.result]}</div>
              <div className="audit-flash-text">{flash.message}</div>
            </>
          ) : (
            <div className="audit-flash-text">Each scan is classified here at once: matched, misplaced, unknown or duplicate.</div>
          )}
        </div>

        {missing ? (
          <section className="panel audit-missing" data-testid="missing-list">
            <div className="panel-head">
              <span className="panel-title">
                {missing.rack.path} done: {missing.missing.length === 0 ? 'nothing missing' : `${missing.missing.length} missing`}
              </span>
              <span className="panel-actions">
                <button type="button" className="btn btn-small" onClick={() => markDone(missing.rack.rackId, false)}>
                  Reopen rack
                </button>
                <button type="button" className="icon-btn" aria-label="Close" onClick={() => setMissing(null)}>
                  ×
                </button>
              </span>
            </div>
            {missing.missing.length > 0 ? (
              <div className="table-scroll audit-missing-body">
                <table className="table table-compact">
                  <thead>
                    <tr>
                      <th>Code</th>
                      <th>Item</th>
                      <th>Expected at</th>
                    </tr>
                  </thead>
                  <tbody>
                    {missing.missing.map((m) => (
                      <tr key={`${m.item.kind}-${m.item.id}`}>
                        <td className="mono">{m.item.serial ?? m.item.assetTag}</td>
                        <td>{m.item.label}</td>
                        <td className="nowrap">
                          {m.expected.u !== null ? `U${m.expected.u}` : '—'}
                          {m.expected.slot !== null ? ` slot ${m.expected.slot}` : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
        ) : null}

        <section className="panel audit-recent">
          <div className="panel-head">
            <span className="panel-title">Last scans</span>
            <span className="muted">written to disk before they show here</span>
          </div>
          <div className="table-scroll">
            <table className="table table-compact" data-testid="recent-scans">
              <tbody>
                {recent.map((s) => (
                  <tr key={s.id}>
                    <td className="nowrap">
                      <span className="audit-dot" style={{ background: s.result === 'error' ? '#b62324' : SCAN_RESULT_COLORS[s.result] }} />
                      {RESULT_WORDS[s.result].toLowerCase()}
                    </td>
                    <td className="mono">{s.code}</td>
                    <td className="audit-recent-msg">{s.message}</td>
                    <td className="muted nowrap">{formatTime(s.at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>

      <aside className="panel audit-racks">
        <div className="panel-head">
          <span className="panel-title">Racks</span>
          <span className="muted">
            {racks.filter((r) => r.done).length} / {racks.length} done
          </span>
        </div>
        <div className="table-scroll">
          <table className="table table-compact" data-testid="rack-progress">
            <tbody>
              {racks.map((r) => (
                <tr
                  key={r.rackId}
                  className={r.rackId === rack?.id ? 'clickable is-selected' : 'clickable'}
                  title={`${AUDIT_STATUS_LABELS[r.status]} — click to stand at this rack`}
                  onClick={() => scanning && submit(r.assetTag ?? r.path)}
                >
                  <td>
                    <span className="audit-dot" style={{ background: AUDIT_STATUS_COLORS[r.status] }} />
                    {r.name}
                  </td>
                  <td className="num">
                    {r.seen}/{r.expected}
                  </td>
                  <td className="muted nowrap">{r.misplacedHere + r.unknownHere > 0 ? `+${r.misplacedHere + r.unknownHere}` : ''}</td>
                  <td className="muted nowrap">{r.done ? '✓' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </aside>
    </div>
  );
}
