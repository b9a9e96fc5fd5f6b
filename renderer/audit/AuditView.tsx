import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { AuditDetail } from '../../app/audit/types';
import { api } from '../api/client';
import { formatTime } from '../shell/format';
import { ViewHeader } from '../shell/ViewHeader';
import { AuditHome } from './AuditHome';
import { Reconcile } from './Reconcile';
import { ReportPanel } from './ReportPanel';
import { auditHash } from './routes';
import { ScanScreen } from './ScanScreen';
import './audit.css';

type Tab = 'scan' | 'reconcile' | 'report';
const TABS: ReadonlyArray<{ readonly id: Tab; readonly label: string }> = [
  { id: 'scan', label: 'Scan' },
  { id: 'reconcile', label: 'Reconcile' },
  { id: 'report', label: 'Report & export' },
];

function AuditSession(props: { auditId: string }): ReactElement {
  const { auditId } = props;
  const [detail, setDetail] = useState<AuditDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.call('audit.detail', { audit: auditId }).then(
      (d) => {
        setDetail(d);
        setTab((t) => t ?? (d.audit.state === 'scanning' ? 'scan' : 'reconcile'));
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [auditId]);
  useEffect(load, [load]);

  async function finish(): Promise<void> {
    if (!window.confirm('Finish this audit? No more scans can be added to it on this machine.')) return;
    setBusy(true);
    try {
      await api.call('audit.finish', { audit: auditId });
      setTab('reconcile');
      load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  if (error) return <div className="view-error">{error}</div>;
  if (!detail || !tab) return <div className="view-loading">Opening the audit…</div>;
  const a = detail.audit;
  return (
    <div className="view audit-view">
      <ViewHeader
        crumbs={[{ label: 'Audits', route: null }]}
        title={
          <>
            Audit {a.scopeLabel} <span className="title-sub muted">by {a.technician}</span>
          </>
        }
        tag={<span className="tag" data-testid="audit-state">{a.state}</span>}
        actions={
          <>
            <a className="btn" href={auditHash()}>
              All audits
            </a>
            {a.state === 'scanning' ? (
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void finish()}>
                Finish audit
              </button>
            ) : null}
          </>
        }
      />
      <div className="facts">
        <div className="fact">
          <div className="fact-label">Started</div>
          <div className="fact-value">{formatTime(a.startedAt)}</div>
        </div>
        <div className="fact">
          <div className="fact-label">Expected</div>
          <div className="fact-value">{a.expected}</div>
        </div>
        <div className="fact">
          <div className="fact-label">Racks done</div>
          <div className="fact-value">
            {a.racksDone} / {a.racks}
          </div>
        </div>
        <div className="fact fact-wide">
          <div className="fact-label">Audit id</div>
          <div className="fact-value mono">{a.id}</div>
        </div>
      </div>
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab link-btn is-active' : 'tab link-btn'} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-panel">
        {tab === 'scan' ? <ScanScreen detail={detail} onChanged={load} /> : null}
        {tab === 'reconcile' ? <Reconcile auditId={auditId} onApplied={load} /> : null}
        {tab === 'report' ? <ReportPanel auditId={auditId} /> : null}
      </div>
    </div>
  );
}

/**
 * The audit screens, for the shell's routes #/audit (auditId null: start, list, import, labels) and
 * #/audit/<id> (one audit: scan, reconcile, report and export).
 */
export function AuditView(props: { auditId: string | null }): ReactElement {
  if (props.auditId) return <AuditSession key={props.auditId} auditId={props.auditId} />;
  return (
    <div className="view audit-view">
      <ViewHeader crumbs={[]} title="Audits" />
      <AuditHome />
    </div>
  );
}
