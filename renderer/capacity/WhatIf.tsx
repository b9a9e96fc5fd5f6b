import { useState, type ReactElement } from 'react';
import type { PlacementCandidate, PlacementProfile, PlacementResult } from '../../app/capacity/placement';
import { api } from '../api/client';
import { invalidateData } from '../api/data-version';
import { useRequest } from '../api/use-request';
import { showToast } from '../shell/toast-store';
import { kw1 } from './headroom-color';

const RACK_SCALE = [{ slug: 'gb200-nvl72', label: 'GB200 NVL72 (rack-scale)' }];

/**
 * "Where can 4 × DGX B200 go?": pick a type and a count, see the ranked places and why the others fail,
 * preview one on the map (before → after), and commit it as planned devices in one go.
 */
export function WhatIf(props: {
  readonly roomId: number;
  readonly result: PlacementResult | null;
  readonly preview: PlacementCandidate | null;
  onResult(result: PlacementResult | null): void;
  onPreview(candidate: PlacementCandidate | null): void;
}): ReactElement {
  const types = useRequest('catalog.deviceTypes', {});
  const [type, setType] = useState('dgx-b200');
  const [count, setCount] = useState(4);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const servers = (types.data ?? []).filter((t) => t.category === 'gpu_server' || t.category === 'server');

  const find = (): void => {
    setBusy(true);
    setError(null);
    api.call('capacity.placement', { roomId: props.roomId, type, count }).then(
      (result) => {
        setBusy(false);
        props.onResult(result);
        props.onPreview(result.candidates[0] ?? null);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };

  const commit = async (c: PlacementCandidate): Promise<void> => {
    const profile = props.result?.profile;
    if (!profile || !canCommit(profile)) return;
    const typeId = profile.typeId;
    // A rack-scale system is committed as its catalog parts at their U; devices of one type at the fitted U.
    const devices = profile.parts.length > 0 ? profile.parts : typeId === null ? [] : c.positions.map((u) => ({ typeId, u, role: 'gpu-node' }));
    setBusy(true);
    try {
      for (const d of devices) {
        await api.call('device.create', {
          fields: { rackId: c.rackId, typeId: d.typeId, uPosition: d.u, face: 'front', role: d.role, status: 'planned' },
          reason: `what-if placement: ${profile.label}`,
        });
      }
      showToast(`${profile.label} planned in ${c.rack} at ${c.positions.map((u) => `U${u}`).join(', ')}.`, 'ok');
      props.onResult(null);
      props.onPreview(null);
      invalidateData();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      invalidateData();
    } finally {
      setBusy(false);
    }
  };

  const r = props.result;
  return (
    <section className="panel cap-whatif" aria-label="What-if placement">
      <div className="panel-head">
        <h2 className="panel-title">What if</h2>
      </div>
      <form
        className="cap-form"
        onSubmit={(e) => {
          e.preventDefault();
          find();
        }}
      >
        <label className="inline-label">
          Count
          <input type="number" min={1} max={60} value={count} onChange={(e) => setCount(Math.max(1, Math.min(60, Number(e.target.value) || 1)))} aria-label="Count" data-testid="whatif-count" />
        </label>
        <label className="inline-label">
          ×
          <select value={type} onChange={(e) => setType(e.target.value)} aria-label="Device type" data-testid="whatif-type">
            {servers.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.vendor} {t.model}
              </option>
            ))}
            {RACK_SCALE.map((s) => (
              <option key={s.slug} value={s.slug}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-small btn-primary" disabled={busy} data-testid="whatif-find">
          Find places
        </button>
      </form>
      {error ? <div className="view-error">{error}</div> : null}
      {r ? (
        <div className="cap-results">
          <p className="cap-summary" data-testid="whatif-summary">
            {r.profile.label}: {kw1(r.profile.kwTotal)} kW, {Math.round(r.profile.weightKgTotal)} kg — {r.candidates.length} place(s) fit, {r.rejected.length} do not.
          </p>
          {r.candidates.length > 0 ? (
            <ol className="cap-candidates" data-testid="whatif-candidates">
              {r.candidates.slice(0, 30).map((c) => (
                <li key={c.rackId}>
                  <button type="button" className={props.preview?.rackId === c.rackId ? 'cap-cand cap-cand-on' : 'cap-cand'} onClick={() => props.onPreview(c)} aria-pressed={props.preview?.rackId === c.rackId}>
                    <span className="cap-cand-rack">{c.rack}</span>
                    <span className="cap-cand-u">{c.positions.length > 0 ? c.positions.map((u) => `U${u}`).join(' ') : 'whole rack'}</span>
                    <span className="num">{kw1(c.marginKw)} kW left</span>
                  </button>
                </li>
              ))}
            </ol>
          ) : null}
          {props.preview ? <Effect candidate={props.preview} canCommit={canCommit(r.profile) && !busy} onCommit={() => void commit(props.preview as PlacementCandidate)} /> : null}
          {r.rejected.length > 0 ? (
            <details className="cap-rejected" open={r.candidates.length === 0}>
              <summary>Why {r.rejected.length} rack(s) do not fit</summary>
              <ul data-testid="whatif-rejected">
                {r.rejected.slice(0, 60).map((x) => (
                  <li key={x.rackId}>
                    <b>{x.rack}</b> {x.reasons.join('; ')}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : (
        <p className="cap-hint">Pick a type and a count, then Find places: each rack is checked for U, both feeds, power upstream with a side lost, cooling and weight.</p>
      )}
    </section>
  );
}

function Effect(props: { readonly candidate: PlacementCandidate; readonly canCommit: boolean; onCommit(): void }): ReactElement {
  const { before, after } = props.candidate;
  const row = (label: string, a: number | null, b: number | null, unit = 'kW'): ReactElement => (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{unit === 'kg' ? Math.round(a ?? 0) : kw1(a)}</td>
      <td className="num">{unit === 'kg' ? Math.round(b ?? 0) : kw1(b)}</td>
    </tr>
  );
  return (
    <div className="cap-effect" data-testid="whatif-effect">
      <table className="table table-compact">
        <caption>
          Effect on {props.candidate.rack} before committing
        </caption>
        <thead>
          <tr>
            <th />
            <th className="num">now</th>
            <th className="num">after</th>
          </tr>
        </thead>
        <tbody>
          {row('Load kW', before.loadKw, after.loadKw)}
          {row('Power headroom kW', before.powerHeadroomKw, after.powerHeadroomKw)}
          {row('Headroom on A loss', before.headroomOnALossKw, after.headroomOnALossKw)}
          {row('Headroom on B loss', before.headroomOnBLossKw, after.headroomOnBLossKw)}
          {row('Cooling headroom kW', before.coolingHeadroomKw, after.coolingHeadroomKw)}
          {row(`Weight kg (of ${Math.round(after.maxWeightKg)})`, before.weightKg, after.weightKg, 'kg')}
        </tbody>
      </table>
      <button type="button" className="btn btn-small btn-primary" disabled={!props.canCommit} onClick={() => props.onCommit()} data-testid="whatif-commit" title={props.canCommit ? 'Add the devices as planned, in one change each' : 'Rack-scale systems are not in the device catalog: add the rack instead'}>
        Commit as planned devices
      </button>
    </div>
  );
}

/** A placement can be committed when its devices are in the catalog (one type, or a rack-scale system's parts). */
function canCommit(profile: PlacementProfile): boolean {
  return profile.typeId !== null || profile.parts.length > 0;
}
