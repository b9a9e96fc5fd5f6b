import { useState, type ReactElement } from 'react';
import type { PowerImportReport } from '../../app/power/import';
import type { ChainElementView, PowerChainView as ChainData } from '../../app/power/view';
import { POWER_KINDS, type PowerKind, type PowerSide } from '../../app/power/types';
import { api } from '../api/client';
import { invalidateData } from '../api/data-version';
import { useRequest } from '../api/use-request';
import { kw1 } from '../capacity/headroom-color';
import { showToast } from '../shell/toast-store';
import '../capacity/capacity.css';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The power chain of the hall's site: edit elements, hang rack sides on them, import a CSV. */
export function PowerChainView(props: { readonly roomId: number }): ReactElement {
  const chain = useRequest('power.chain', { roomId: props.roomId });
  if (chain.error) return <div className="view-error">{chain.error.message}</div>;
  if (!chain.data) return <div className="view-loading">Reading the power chain…</div>;
  return (
    <div className="cap-view chain-view">
      <div className="cap-main">
        <ElementsTable chain={chain.data} />
      </div>
      <aside className="cap-side">
        <ImportPanel />
        <FeedsTable chain={chain.data} />
      </aside>
    </div>
  );
}

function ElementsTable(props: { readonly chain: ChainData }): ReactElement {
  const { chain } = props;
  const upstream = chain.elements.filter((e) => e.kind !== 'pdu');
  const pdus = chain.elements.length - upstream.length;
  return (
    <section className="panel" aria-label="Power elements">
      <div className="panel-head">
        <h2 className="panel-title">Elements of {chain.room.split('/')[0]}</h2>
        <span className="cap-dim">
          {upstream.length} upstream, {pdus} PDUs (PDUs are edited through CSV import)
        </span>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Upstream elements">
        <table className="table table-compact chain-table" data-testid="chain-elements">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Fed from</th>
              <th>Side</th>
              <th className="num">Rating kW</th>
              <th className="num">A/phase</th>
              <th className="num">V</th>
              <th className="num">Normal kW</th>
              <th className="num" title="The most it carries with either whole side lost">Worst kW</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {upstream.map((e) => (
              <ElementRow key={e.id} element={e} elements={chain.elements} />
            ))}
            <ElementRow key="new" element={null} elements={chain.elements} siteId={chain.siteId} />
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ElementRow(props: { readonly element: ChainElementView | null; readonly elements: readonly ChainElementView[]; readonly siteId?: number }): ReactElement {
  const e = props.element;
  const [name, setName] = useState(e?.name ?? '');
  const [kind, setKind] = useState<PowerKind>(e?.kind ?? 'busway');
  const [parentId, setParentId] = useState<number | null>(e?.parentId ?? null);
  const [side, setSide] = useState<PowerSide | null>(e?.side ?? null);
  const [rating, setRating] = useState(e ? String(e.ratingKw) : '');
  const [error, setError] = useState<string | null>(null);
  const over = e?.load ? e.load.worstKw > e.ratingKw : false;
  const save = (): void => {
    const ratingKw = Number(rating);
    if (!(ratingKw > 0)) {
      setError('Rating must be a number of kW above 0.');
      return;
    }
    api
      .call('power.element.save', {
        id: e?.id ?? null,
        fields: { siteId: e?.siteId ?? props.siteId ?? 0, roomId: e?.roomId ?? null, name, kind, parentId, side, ratingKw, ampsPerPhase: e?.ampsPerPhase ?? null, voltageV: e?.voltageV ?? null },
        reason: 'edited in the power chain view',
      })
      .then(
        () => {
          setError(null);
          showToast(`${name} saved.`, 'ok');
          invalidateData();
        },
        (err: unknown) => setError(message(err)),
      );
  };
  const parents = props.elements.filter((p) => p.kind !== 'pdu' && p.id !== e?.id);
  return (
    <>
      <tr className={over ? 'cap-over' : undefined}>
        <td>
          <input value={name} onChange={(x) => setName(x.target.value)} aria-label="Name" placeholder={e ? undefined : 'new element'} style={{ width: '11em' }} />
        </td>
        <td>
          <select value={kind} onChange={(x) => setKind(x.target.value as PowerKind)} aria-label="Kind">
            {POWER_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </td>
        <td>
          <select value={parentId ?? ''} onChange={(x) => setParentId(x.target.value === '' ? null : Number(x.target.value))} aria-label="Fed from">
            <option value="">— (root)</option>
            {parents.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </td>
        <td>
          <select value={side ?? ''} onChange={(x) => setSide(x.target.value === '' ? null : (x.target.value as PowerSide))} aria-label="Side">
            <option value="">inherit</option>
            <option>A</option>
            <option>B</option>
          </select>
        </td>
        <td className="num">
          <input value={rating} onChange={(x) => setRating(x.target.value)} aria-label="Rating kW" inputMode="decimal" />
        </td>
        <td className="num">{e?.ampsPerPhase ?? '—'}</td>
        <td className="num">{e?.voltageV ?? '—'}</td>
        <td className="num">{kw1(e?.load?.normalKw)}</td>
        <td className="num">{kw1(e?.load?.worstKw)}</td>
        <td>
          <button type="button" className="btn btn-small" onClick={save}>
            {e ? 'Save' : 'Add'}
          </button>
        </td>
      </tr>
      {error ? (
        <tr>
          <td colSpan={10} className="view-error" role="alert">
            {error}
          </td>
        </tr>
      ) : null}
    </>
  );
}

function FeedsTable(props: { readonly chain: ChainData }): ReactElement {
  const pdus = props.chain.elements.filter((e) => e.kind === 'pdu' || e.kind === 'busway');
  const setFeed = (rackId: number, side: PowerSide, elementId: number | null): void => {
    api.call('power.feed.set', { rackId, side, elementId, reason: 'edited in the power chain view' }).then(
      () => invalidateData(),
      (err: unknown) => showToast(message(err), 'error'),
    );
  };
  return (
    <section className="panel" aria-label="Rack feeds">
      <div className="panel-head">
        <h2 className="panel-title">Rack feeds</h2>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Rack feeds table" style={{ maxHeight: '50vh' }}>
        <table className="table table-compact" data-testid="chain-feeds">
          <thead>
            <tr>
              <th>Rack</th>
              <th className="num">Load kW</th>
              <th>A</th>
              <th>B</th>
            </tr>
          </thead>
          <tbody>
            {props.chain.racks.map((r) => (
              <tr key={r.rackId}>
                <td>{r.rack}</td>
                <td className="num" title={r.loadSource}>
                  {kw1(r.loadKw)} <span className="cap-dim">{r.loadSource === 'nameplate' ? 'np' : r.loadSource === 'pdu-telemetry' ? 'pdu' : 'gpu'}</span>
                </td>
                {(['A', 'B'] as const).map((side) => (
                  <td key={side}>
                    <select value={r.feeds[side]?.elementId ?? ''} onChange={(x) => setFeed(r.rackId, side, x.target.value === '' ? null : Number(x.target.value))} aria-label={`${r.rack} side ${side}`}>
                      <option value="">— none</option>
                      {pdus
                        .filter((p) => p.load === null || p.load.side === null || p.load.side === side)
                        .map((p) => (
                          <option key={p.id} value={p.id}>
                            {p.name}
                          </option>
                        ))}
                    </select>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ImportPanel(): ReactElement {
  const [kind, setKind] = useState<'elements' | 'feeds'>('elements');
  const [text, setText] = useState('');
  const [name, setName] = useState('pasted text');
  const [report, setReport] = useState<PowerImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (dryRun: boolean): void => {
    api.call('power.import', { kind, source: { text, name }, dryRun, reason: 'power chain import' }).then(
      (r) => {
        setReport(r);
        setError(null);
        if (r.committed) invalidateData();
      },
      (err: unknown) => setError(message(err)),
    );
  };
  return (
    <section className="panel chain-import" aria-label="Import power chain CSV">
      <div className="panel-head">
        <h2 className="panel-title">Import CSV</h2>
      </div>
      <p className="cap-note">
        Elements: site, name, kind, parent, side, rating_kw (or amps_per_phase + voltage_v + phases), room. Feeds: rack, side, element, pdu. All rows or none.
      </p>
      <div className="cap-form">
        <select value={kind} onChange={(x) => setKind(x.target.value as 'elements' | 'feeds')} aria-label="CSV kind">
          <option value="elements">elements</option>
          <option value="feeds">feeds</option>
        </select>
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="CSV file"
          onChange={(x) => {
            const file = x.target.files?.[0];
            if (file) {
              setName(file.name);
              file.text().then(setText, (err: unknown) => setError(message(err)));
            }
          }}
        />
      </div>
      <textarea value={text} onChange={(x) => setText(x.target.value)} aria-label="CSV text" />
      <div className="cap-form">
        <button type="button" className="btn btn-small" disabled={text.trim() === ''} onClick={() => run(true)}>
          Check (dry run)
        </button>
        <button type="button" className="btn btn-small btn-primary" disabled={text.trim() === ''} onClick={() => run(false)}>
          Import
        </button>
      </div>
      {error ? <div className="view-error">{error}</div> : null}
      {report ? (
        <div data-testid="chain-import-report">
          <p className="cap-summary">
            {report.rows} rows: {report.created} created, {report.updated} updated — {report.committed ? 'imported.' : 'nothing was written.'}
          </p>
          {report.errors.length > 0 ? (
            <ul className="cap-note">
              {report.errors.slice(0, 30).map((x) => (
                <li key={`${x.row}:${x.column ?? ''}`}>
                  line {x.row}
                  {x.column ? `, ${x.column}` : ''}: {x.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
