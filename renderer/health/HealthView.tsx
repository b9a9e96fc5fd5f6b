import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { NvlinkDomain } from '../../app/health/domains';
import type { HealthFinding, HealthKind } from '../../app/health/types';
import { useRequest } from '../api/use-request';
import { formatTime } from '../shell/format';
import { rackRoute, routeHash } from '../shell/route';
import { navigate } from '../shell/router';
import { ViewHeader } from '../shell/ViewHeader';
import { RmaCasePanel } from './RmaCasePanel';

const KIND_LABEL: Record<HealthKind, string> = {
  xid: 'XID',
  ecc: 'ECC',
  row_remap: 'Row remap',
  throttle: 'Throttling',
  unreadable: 'Unreadable',
  silent: 'Silent',
  leak: 'Leak',
  swap_unconfirmed: 'Swap unconfirmed',
};

function evidenceValue(value: string | number | boolean | null): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return formatTime(value);
  return String(value);
}

function findingKey(f: HealthFinding): string {
  return `${f.kind}|${f.gpuId ?? ''}|${f.path}`;
}

function FindingDetail(props: { finding: HealthFinding; cleared: boolean }): ReactElement {
  const f = props.finding;
  return (
    <div className="health-detail" data-testid="health-detail">
      {props.cleared ? (
        <div className="health-cleared" role="status">
          This finding has cleared (its readings predate the slot’s swap, or a newer file reads clean); its case stays here until you pick another.
        </div>
      ) : null}
      <div className="health-detail-head">
        <span className={`hm-sev hm-sev-${f.severity}`} aria-label={f.severity} />
        <h2 className="health-title">{f.title}</h2>
      </div>
      <div className="health-path mono">{f.path}</div>
      <p className="health-action">{f.action}</p>
      <div className="health-links">
        {f.rackId !== null ? (
          <a className="btn btn-small" href={routeHash(rackRoute(f.rackId, f.deviceId, f.gpuId, f.u))}>
            Open rack{f.u !== null ? ` at U${f.u}` : ''}
          </a>
        ) : null}
        {f.roomId !== null ? (
          <a className="btn btn-small" href={routeHash({ view: 'room', roomId: f.roomId, tab: 'floor' })}>
            Floor map
          </a>
        ) : null}
        {f.affectedRackIds.length > 1 ? <span className="muted">{f.affectedRackIds.length} racks affected</span> : null}
      </div>
      <table className="table table-compact health-evidence" aria-label="Evidence">
        <tbody>
          {Object.entries(f.evidence).map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td className="mono">{evidenceValue(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {f.deviceId !== null && f.slot !== null ? <RmaCasePanel key={`${f.deviceId}-${f.slot}`} deviceId={f.deviceId} slot={f.slot} acceleratorId={f.gpuId} finding={f} allowOpen={!props.cleared} /> : null}
    </div>
  );
}

/**
 * The floor's worklist: suspect GPUs and leaks from imported telemetry, worst first, each with its evidence
 * and place, and the field-replacement case beside it. ↑/↓ walk the list, Enter opens the rack.
 */
/** The place below the hall, when the view is scoped to one hall (the hall is in the header already). */
function pathInHall(f: HealthFinding): string {
  const prefix = [f.site, f.room].filter((p) => p !== null).join(' / ');
  return prefix !== '' && f.path.startsWith(`${prefix} / `) ? f.path.slice(prefix.length + 3) : f.path;
}

/**
 * The NVLink domains in scope: each one that is not healthy with its count and reason, the healthy ones
 * folded into one chip (a hall of NVL72 racks is mostly healthy, and the exceptions are what to act on).
 */
function DomainStrip(props: { domains: readonly NvlinkDomain[]; scoped: boolean }): ReactElement {
  const name = (d: NvlinkDomain): string => (props.scoped ? d.rack : `${d.site}/${d.room}/${d.rack}`);
  const healthy = props.domains.filter((d) => d.state === 'healthy');
  return (
    <div className="health-domains" aria-label="NVLink domains" data-testid="health-domains">
      <span className="muted">NVLink domains</span>
      {props.domains
        .filter((d) => d.state !== 'healthy')
        .map((d) => (
          <a key={d.rackId} className={`health-domain domain-${d.state}`} href={routeHash(rackRoute(d.rackId))} title={d.reason} data-rack={d.rack}>
            {name(d)} <span className="mono">{d.gpusHealthy}/{d.gpusExpected}</span> {d.state}
            {d.reason === `${d.gpusHealthy}/${d.gpusExpected} GPUs healthy` ? null : <span className="muted"> · {d.reason}</span>}
          </a>
        ))}
      {healthy.length > 0 ? (
        <span className="health-domain domain-healthy" title={healthy.map(name).join(', ')} data-count={healthy.length}>
          {healthy.length} healthy{' '}
          <span className="mono">
            {healthy[0]?.gpusExpected}/{healthy[0]?.gpusExpected}
          </span>
        </span>
      ) : null}
    </div>
  );
}

export function HealthView(props: { roomId: number | null }): ReactElement {
  const tree = useRequest('inventory.tree', {});
  const report = useRequest('health.report', props.roomId === null ? {} : { roomId: props.roomId });
  const [kind, setKind] = useState<HealthKind | null>(null);
  // The selection is the finding itself, so a finding that clears while its case is worked on (a swap
  // makes its readings history) stays open beside the list instead of vanishing mid-task.
  const [picked, setPicked] = useState<HealthFinding | null>(null);
  const listRef = useRef<HTMLTableSectionElement>(null);
  const findings = useMemo(() => (report.data?.findings ?? []).filter((f) => kind === null || f.kind === kind), [report.data, kind]);
  const index = picked === null ? -1 : findings.findIndex((f) => findingKey(f) === findingKey(picked));
  const current = index >= 0 ? (findings[index] ?? null) : (picked ?? findings[0] ?? null);
  const cleared = picked !== null && index < 0;
  useEffect(() => setPicked(null), [kind, props.roomId]);
  useEffect(() => {
    listRef.current?.querySelector('tr.is-selected')?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  function onKey(event: KeyboardEvent): void {
    const at = index >= 0 ? index : current === null ? -1 : findings.indexOf(current);
    if (event.key === 'ArrowDown' || event.key === 'j') setPicked(findings[Math.min(at + 1, findings.length - 1)] ?? null);
    else if (event.key === 'ArrowUp' || event.key === 'k') setPicked(findings[Math.max(at - 1, 0)] ?? null);
    else if (event.key === 'Enter' && current?.rackId != null) navigate(rackRoute(current.rackId, current.deviceId, current.gpuId, current.u));
    else return;
    event.preventDefault();
  }

  const rooms = (tree.data ?? []).flatMap((s) => s.rooms.map((r) => ({ id: r.id, label: `${s.code}/${r.name}` })));
  const counts = report.data?.counts;
  return (
    <div className="view health-view">
      <ViewHeader
        crumbs={[{ label: 'All sites', route: { view: 'home' } }]}
        title="GPU health"
        tag={
          report.data ? (
            <span className="muted">
              {report.data.suspectGpus} suspect of {report.data.gpusInScope.toLocaleString('en-US')} GPUs
              {report.data.latestAt ? ` · newest reading ${formatTime(report.data.latestAt)}` : ''}
              {report.data.beforeSwap > 0 ? ` · ${report.data.beforeSwap} older finding(s) about swapped-out parts left out` : ''}
            </span>
          ) : null
        }
        actions={
          <label className="inline-label">
            Hall
            <select
              value={props.roomId ?? ''}
              aria-label="Hall"
              onChange={(e) => navigate({ view: 'health', roomId: e.target.value === '' ? null : Number(e.target.value) })}
            >
              <option value="">All halls</option>
              {rooms.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
        }
      />
      <div className="health-kinds" role="toolbar" aria-label="Filter by kind">
        <button type="button" className={kind === null ? 'chip is-active' : 'chip'} aria-pressed={kind === null} onClick={() => setKind(null)}>
          All {report.data?.findings.length ?? ''}
        </button>
        {counts
          ? (Object.keys(KIND_LABEL) as HealthKind[])
              .filter((k) => counts[k] > 0 || kind === k)
              .map((k) => (
                <button key={k} type="button" className={kind === k ? 'chip is-active' : 'chip'} aria-pressed={kind === k} onClick={() => setKind(k)}>
                  {KIND_LABEL[k]} {counts[k]}
                </button>
              ))
          : null}
      </div>
      {report.data && report.data.domains.length > 0 ? <DomainStrip domains={report.data.domains} scoped={props.roomId !== null} /> : null}
      {report.error ? <div className="view-error">{report.error.message}</div> : null}
      {!report.data && !report.error ? <div className="view-loading">Reading health…</div> : null}
      {report.data && report.data.latestAt === null ? (
        <div className="empty-state">
          No telemetry imported yet. <a href="#/telemetry">Import nvidia-smi, DCGM or CDU files</a> to see GPU health.
        </div>
      ) : null}
      {report.data && report.data.latestAt !== null ? (
        <div className="health-body">
          <div className="health-list" tabIndex={0} onKeyDown={onKey} aria-label="Health findings, worst first" data-testid="health-findings">
            {findings.length === 0 ? (
              <div className="empty-state">No findings: every GPU in scope reports clean.</div>
            ) : (
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th aria-label="Severity" />
                    <th>Kind</th>
                    <th>Finding</th>
                    <th>Where</th>
                    <th>Case</th>
                  </tr>
                </thead>
                <tbody ref={listRef}>
                  {findings.map((f, i) => (
                    <tr
                      key={`${f.kind}-${f.path}-${i}`}
                      className={f === current ? 'clickable is-selected' : 'clickable'}
                      onClick={() => setPicked(f)}
                      onDoubleClick={() => (f.rackId !== null ? navigate(rackRoute(f.rackId, f.deviceId, f.gpuId, f.u)) : undefined)}
                      data-kind={f.kind}
                      aria-selected={f === current}
                    >
                      <td>
                        <span className={`hm-sev hm-sev-${f.severity}`} aria-label={f.severity} />
                      </td>
                      <td>{KIND_LABEL[f.kind]}</td>
                      <td className="health-cell-title">{f.title}</td>
                      <td className="mono health-cell-path" title={f.path}>
                        {props.roomId === null ? f.path : pathInHall(f)}
                      </td>
                      <td>{f.rmaCase ? <span className={`status rma-${f.rmaCase.status}`}>#{f.rmaCase.id} {f.rmaCase.status}</span> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          {current ? <FindingDetail key={findingKey(current)} finding={current} cleared={cleared} /> : null}
        </div>
      ) : null}
    </div>
  );
}
