import { Fragment, useEffect, useMemo, useState, type ReactElement } from 'react';
import { applyCounts, describeApply } from '../../app/audit/apply-words';
import { describeLocation } from '../../app/audit/store-format';
import type { ItemKind, ReconCategory, ReconItem, Reconciliation } from '../../app/audit/types';
import type { DeviceTypeInfo } from '../../app/inventory/detail-types';
import { api } from '../api/client';
import { invalidateData } from '../api/data-version';
import { useRequest } from '../api/use-request';
import { formatCount } from '../shell/format';
import { showToast } from '../shell/toast-store';

type Tab = ReconCategory | 'duplicates' | 'matched' | 'rma';
const TABS: ReadonlyArray<{ readonly id: Tab; readonly label: string }> = [
  { id: 'missing', label: 'Missing' },
  { id: 'misplaced', label: 'Misplaced' },
  { id: 'unknown', label: 'Unknown' },
  { id: 'rma', label: 'On RMA cases' },
  { id: 'duplicates', label: 'Duplicates' },
  { id: 'matched', label: 'Matched' },
];
const PAGE_ROWS = 300;

type DecisionPatch = { decision?: 'accept' | 'reject'; typeId?: number | null; uPosition?: number | null; identity?: 'serial' | 'asset_tag'; targetDeviceId?: number | null; slot?: number | null };

function optionalInt(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

function ItemRow(props: { item: ReconItem; types: readonly DeviceTypeInfo[]; locked: boolean; onDecide(item: ReconItem, patch: DecisionPatch): void }): ReactElement {
  const { item, types, locked } = props;
  const decide = (patch: DecisionPatch): void => props.onDecide(item, patch);
  return (
    <tr className={item.decision === 'accept' ? 'audit-accepted' : 'audit-rejected'} data-key={item.key}>
      <td className="mono">{item.code}</td>
      <td>{item.item?.label ?? <span className="muted">not in the inventory</span>}</td>
      <td className="nowrap">{item.from ? describeLocation(item.from) : '—'}</td>
      <td className="nowrap">{item.to ? describeLocation(item.to) : '—'}</td>
      <td className="nowrap">
        {item.category === 'unknown' ? (
          <>
            <select
              aria-label={`Device type for ${item.code}`}
              value={item.typeId ?? ''}
              disabled={locked}
              onChange={(e) => decide({ typeId: optionalInt(e.target.value), decision: e.target.value === '' ? 'reject' : 'accept' })}
            >
              <option value="">choose a type…</option>
              {types.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.vendor} {t.model}
                </option>
              ))}
            </select>{' '}
            <select aria-label={`Code of ${item.code} is a`} value={item.identity ?? 'serial'} disabled={locked} onChange={(e) => decide({ identity: e.target.value as 'serial' | 'asset_tag' })}>
              <option value="serial">serial</option>
              <option value="asset_tag">asset tag</option>
            </select>
          </>
        ) : null}
        {item.category !== 'missing' && item.item?.kind !== 'accelerator' ? (
          <input
            className="audit-u"
            aria-label={`U position for ${item.code}`}
            placeholder="U"
            defaultValue={item.uPosition ?? ''}
            disabled={locked}
            onBlur={(e) => {
              const u = optionalInt(e.target.value);
              if (u !== item.uPosition) decide({ uPosition: u });
            }}
          />
        ) : null}
        {item.category === 'misplaced' && item.item?.kind === 'accelerator' ? (
          <input
            className="audit-u"
            aria-label={`Server id for ${item.code}`}
            placeholder="server id"
            defaultValue={item.targetDeviceId ?? ''}
            disabled={locked}
            onBlur={(e) => {
              const id = optionalInt(e.target.value);
              if (id !== item.targetDeviceId) decide({ targetDeviceId: id });
            }}
          />
        ) : null}
        {item.blocker ? <span className="muted"> {item.blocker}</span> : null}
      </td>
      <td className="nowrap">
        {item.applied ? (
          <span className="status status-active">applied</span>
        ) : (
          <span className="audit-toggle" role="group" aria-label={`Decision for ${item.code}`}>
            <button type="button" className={item.decision === 'accept' ? 'btn btn-small btn-primary' : 'btn btn-small'} disabled={locked} onClick={() => decide({ decision: 'accept' })}>
              Accept
            </button>
            <button type="button" className={item.decision === 'reject' ? 'btn btn-small btn-primary' : 'btn btn-small'} disabled={locked} onClick={() => decide({ decision: 'reject' })}>
              Reject
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}

type BulkFilter = { category: ReconCategory; kind?: ItemKind; rackId?: number; deviceId?: number };

/** Accept or reject every item of this list at once, narrowed by kind and rack. */
function BulkBar(props: { category: ReconCategory; items: readonly ReconItem[]; locked: boolean; onBulk(filter: BulkFilter, decision: 'accept' | 'reject'): void }): ReactElement | null {
  const [kind, setKind] = useState<'' | ItemKind>('');
  const [rack, setRack] = useState('');
  const racks = useMemo(() => {
    const seen = new Map<number, string>();
    for (const i of props.items) {
      const at = i.from ?? i.to;
      if (at && !seen.has(at.rackId)) seen.set(at.rackId, at.rack);
    }
    return [...seen].sort((a, b) => a[1].localeCompare(b[1]));
  }, [props.items]);
  if (props.items.length === 0 || props.locked) return null;
  const filter: BulkFilter = { category: props.category, ...(kind ? { kind } : {}), ...(rack ? { rackId: Number(rack) } : {}) };
  return (
    <div className="audit-bulk pad" role="group" aria-label="Decide many at once">
      <span className="muted">All {props.category}</span>
      <select aria-label="Bulk kind" value={kind} onChange={(e) => setKind(e.target.value as '' | ItemKind)}>
        <option value="">devices and GPUs</option>
        <option value="device">devices</option>
        <option value="accelerator">GPUs</option>
      </select>
      <select aria-label="Bulk rack" value={rack} onChange={(e) => setRack(e.target.value)}>
        <option value="">in every rack</option>
        {racks.map(([id, path]) => (
          <option key={id} value={id}>
            in {path}
          </option>
        ))}
      </select>
      <button type="button" className="btn btn-small" onClick={() => props.onBulk(filter, 'accept')}>
        Accept these
      </button>
      <button type="button" className="btn btn-small" onClick={() => props.onBulk(filter, 'reject')}>
        Reject these
      </button>
    </div>
  );
}

/** The heading row of a server's GPUs in the list, with decisions for the server and its GPUs at once. */
function ServerRow(props: { server: NonNullable<ReconItem['server']>; gpus: number; locked: boolean; onBulk(deviceId: number, decision: 'accept' | 'reject'): void }): ReactElement {
  return (
    <tr className="audit-group">
      <td colSpan={5}>
        <strong>{props.server.label}</strong> <span className="muted">· {formatCount(props.gpus)} GPU(s) not seen</span>
      </td>
      <td className="nowrap">
        {props.locked ? null : (
          <span className="audit-toggle" role="group" aria-label={`Decision for the GPUs of ${props.server.label}`}>
            <button type="button" className="btn btn-small" onClick={() => props.onBulk(props.server.id, 'accept')}>
              Accept all
            </button>
            <button type="button" className="btn btn-small" onClick={() => props.onBulk(props.server.id, 'reject')}>
              Reject all
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}

/**
 * The reconciliation: missing, misplaced and unknown items, each accepted or rejected (unknowns need a device
 * type, moves may take a U), then Apply writes the accepted ones as one change set. Duplicates and matched
 * items are listed for the record.
 */
export function Reconcile(props: { auditId: string; onApplied(): void }): ReactElement {
  const { auditId } = props;
  const [recon, setRecon] = useState<Reconciliation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('missing');
  const [rows, setRows] = useState(PAGE_ROWS);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const types = useRequest('catalog.deviceTypes', {});

  useEffect(() => {
    let live = true;
    api.call('audit.reconciliation', { audit: auditId }).then(
      (r) => live && setRecon(r),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [auditId]);

  const items = useMemo(() => (recon && (tab === 'missing' || tab === 'misplaced' || tab === 'unknown') ? recon.details[tab] : []), [recon, tab]);
  const gpusOfServer = useMemo(() => {
    const counts = new Map<number, number>();
    for (const i of items) if (i.server) counts.set(i.server.id, (counts.get(i.server.id) ?? 0) + 1);
    return counts;
  }, [items]);
  if (error) return <div className="view-error">{error}</div>;
  if (!recon) return <div className="view-loading">Reconciling…</div>;
  const locked = recon.audit.state === 'applied';
  const accepted = [...recon.details.missing, ...recon.details.misplaced, ...recon.details.unknown].filter((i) => i.decision === 'accept' && !i.applied);
  const sentence = describeApply(applyCounts(accepted));

  function bulk(filter: Omit<BulkFilter, 'category'> & { category?: ReconCategory }, decision: 'accept' | 'reject'): void {
    api
      .call('audit.decideMany', { audit: auditId, decision, ...filter })
      .then(async (result) => {
        showToast(`${formatCount(result.decided)} set to ${decision}${result.skipped.length > 0 ? `; ${formatCount(result.skipped.length)} skipped (${result.skipped[0]?.reason ?? ''})` : ''}`, 'ok');
        setRecon(await api.call('audit.reconciliation', { audit: auditId }));
      })
      .catch((e: unknown) => showToast(e instanceof Error ? e.message : String(e), 'error'));
  }

  function onDecide(item: ReconItem, patch: DecisionPatch): void {
    api.call('audit.decide', { audit: auditId, item: item.key, ...patch }).then(
      (updated) =>
        setRecon((r) => {
          if (!r) return r;
          const replace = (list: readonly ReconItem[]): ReconItem[] => list.map((i) => (i.key === updated.key ? updated : i));
          return { ...r, details: { ...r.details, missing: replace(r.details.missing), misplaced: replace(r.details.misplaced), unknown: replace(r.details.unknown) } };
        }),
      (e: unknown) => showToast(e instanceof Error ? e.message : String(e), 'error'),
    );
  }

  async function apply(): Promise<void> {
    setConfirming(false);
    setBusy(true);
    try {
      const result = await api.call('audit.apply', { audit: auditId });
      showToast(`Applied as ${result.changeSet}: ${result.summary}`, 'ok');
      invalidateData();
      setRecon(await api.call('audit.reconciliation', { audit: auditId }));
      props.onApplied();
    } catch (e) {
      showToast(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  }

  const counts: Readonly<Record<Tab, number>> = {
    missing: recon.missing,
    misplaced: recon.misplaced,
    unknown: recon.unknown,
    rma: recon.rma,
    duplicates: recon.duplicates,
    matched: recon.matched,
  };
  return (
    <div className="audit-recon" data-testid="reconciliation">
      <div className="audit-recon-head">
        <div className="tabs" role="tablist">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              className={tab === t.id ? 'tab link-btn is-active' : 'tab link-btn'}
              onClick={() => {
                setTab(t.id);
                setRows(PAGE_ROWS);
              }}
            >
              {t.label} <span className="num" data-testid={`count-${t.id}`}>{formatCount(counts[t.id])}</span>
            </button>
          ))}
        </div>
        <div className="panel-actions">
          {locked ? (
            <span className="status status-active">applied as {recon.audit.changeSet}</span>
          ) : (
            <button type="button" className="btn btn-primary" disabled={busy || accepted.length === 0} onClick={() => setConfirming(true)}>
              Apply {accepted.length} accepted
            </button>
          )}
        </div>
      </div>
      {confirming && !locked ? (
        <div className="audit-confirm pad" role="alertdialog" aria-label="Confirm apply" data-testid="apply-confirm">
          <span>
            Apply to the inventory as one change set: <strong data-testid="apply-sentence">{sentence}</strong>. Undo reverts it as a whole.
          </span>
          <button type="button" className="btn btn-primary" autoFocus onClick={() => void apply()}>
            Apply these changes
          </button>
          <button type="button" className="btn" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      {tab === 'missing' || tab === 'misplaced' || tab === 'unknown' ? <BulkBar category={tab} items={items} locked={locked} onBulk={(f, d) => bulk(f, d)} /> : null}
      <div className="table-scroll audit-recon-body">
        {tab === 'duplicates' ? (
          <table className="table table-compact">
            <thead>
              <tr>
                <th>Code</th>
                <th>Item</th>
                <th>Seen</th>
              </tr>
            </thead>
            <tbody>
              {recon.details.duplicates.map((d) => (
                <tr key={d.code}>
                  <td className="mono">{d.code}</td>
                  <td>{d.item?.label ?? <span className="muted">unknown</span>}</td>
                  <td>{d.seen.map((s) => `${s.rack} (${s.by})`).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : tab === 'rma' ? (
          <table className="table table-compact" data-testid="rma-items">
            <thead>
              <tr>
                <th>Code</th>
                <th>Case</th>
                <th>Expected at</th>
                <th>Found at</th>
                <th>What the case says</th>
              </tr>
            </thead>
            <tbody>
              {recon.details.rma.map((r) => (
                <tr key={r.key}>
                  <td className="mono">{r.code}</td>
                  <td>
                    #{r.caseId} {r.kind === 'left' ? 'left' : 'replacement'} · {r.caseStatus}
                  </td>
                  <td>{r.from ? describeLocation(r.from) : '—'}</td>
                  <td>{r.seenAt ? describeLocation(r.seenAt) : '—'}</td>
                  <td>{r.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : tab === 'matched' ? (
          <table className="table table-compact">
            <thead>
              <tr>
                <th>Item</th>
                <th>At</th>
              </tr>
            </thead>
            <tbody>
              {recon.details.matched.slice(0, rows).map((m) => (
                <tr key={`${m.item.kind}-${m.item.id}`}>
                  <td>{m.item.label}</td>
                  <td>{describeLocation(m.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <table className="table table-compact">
            <thead>
              <tr>
                <th>Code</th>
                <th>Item</th>
                <th>Expected at</th>
                <th>Found at</th>
                <th>Details</th>
                <th>Decision</th>
              </tr>
            </thead>
            <tbody>
              {items.slice(0, rows).map((item, i, shown) => {
                const server = tab === 'missing' && item.item?.kind === 'accelerator' ? item.server : null;
                const startsGroup = server !== null && shown[i - 1]?.server?.id !== server.id;
                return (
                  <Fragment key={item.key}>
                    {startsGroup ? (
                      <ServerRow server={server} gpus={gpusOfServer.get(server.id) ?? 0} locked={locked} onBulk={(deviceId, d) => bulk({ category: 'missing', deviceId }, d)} />
                    ) : null}
                    <ItemRow item={item} types={types.data ?? []} locked={locked} onDecide={onDecide} />
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        )}
        {(tab === 'matched' ? recon.details.matched.length : items.length) > rows ? (
          <button type="button" className="btn audit-more" onClick={() => setRows((n) => n + PAGE_ROWS)}>
            Show {PAGE_ROWS} more
          </button>
        ) : null}
        {tab === 'rma' && recon.details.rma.length === 0 ? <div className="empty-state">No loose end is explained by an RMA case.</div> : null}
        {tab !== 'duplicates' && tab !== 'matched' && tab !== 'rma' && items.length === 0 ? <div className="empty-state">Nothing {tab}.</div> : null}
      </div>
    </div>
  );
}
