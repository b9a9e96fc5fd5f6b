import { useEffect, useState, type ReactElement } from 'react';
import { fromStoredUnit, THRESHOLD_KEYS, unitSuffix, type ThresholdKey, type ThresholdKind } from '../../app/heatmap/thresholds';
import type { HeatmapThresholds } from '../../app/heatmap/types';
import type { TemperatureUnit } from '../../app/heatmap/units';
import { api } from '../api/client';
import { placeError } from '../editing/field-error';
import { showToast } from '../shell/toast-store';

const UNIT_KEY = 'floorwalk.heatmap.unit';

function unitLabel(kind: ThresholdKind, unit: TemperatureUnit): string {
  if (kind === 'temperature') return unit === 'F' ? '°F' : '°C';
  if (kind === 'difference') return unit === 'F' ? '°F Δ' : 'K';
  return unitSuffix(kind).trim();
}

function shown(key: ThresholdKey, value: number, unit: TemperatureUnit): string {
  const v = fromStoredUnit(key, value, unit);
  return String(Math.round(v * 100) / 100);
}

/**
 * The room's thresholds: each value with its default and what it means, typed in °C or °F (ΔT values in
 * K or °F differences, converted ×5/9 without the 32 offset). Saving sends only what changed, all or
 * nothing; "default" puts a value back to the room class's default.
 */
export function ThresholdsEditor(props: { data: HeatmapThresholds | null; error: string | null; onSaved(next: HeatmapThresholds): void }): ReactElement {
  const { data } = props;
  const [unit, setUnit] = useState<TemperatureUnit>(() => (localStorage.getItem(UNIT_KEY) === 'F' ? 'F' : 'C'));
  const [draft, setDraft] = useState<Partial<Record<ThresholdKey, string>>>({});
  const [resets, setResets] = useState<ReadonlySet<ThresholdKey>>(new Set());
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setDraft({});
    setResets(new Set());
    setProblem(null);
  }, [data, unit]);

  if (props.error) return <div className="view-error">{props.error}</div>;
  if (!data) return <div className="view-loading">Reading thresholds…</div>;

  const changed = Object.keys(draft).length + resets.size;
  const chooseUnit = (next: TemperatureUnit): void => {
    localStorage.setItem(UNIT_KEY, next);
    setUnit(next);
  };

  const save = async (): Promise<void> => {
    const values: Partial<Record<ThresholdKey, number | null>> = {};
    for (const key of THRESHOLD_KEYS) {
      if (resets.has(key)) values[key] = null;
      const text = draft[key];
      if (text === undefined) continue;
      const value = Number(text.replace(',', '.'));
      if (text.trim() === '' || !Number.isFinite(value)) {
        setProblem({ field: key, message: 'Type a number.' });
        return;
      }
      values[key] = value;
    }
    setSaving(true);
    try {
      const next = await api.call('heatmap.thresholds.set', { roomId: data.roomId, unit, values, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setReason('');
      props.onSaved(next);
      showToast(`Saved ${changed} threshold${changed === 1 ? '' : 's'}`, 'ok');
    } catch (error) {
      setProblem(placeError(error, [...THRESHOLD_KEYS]));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="hm-thresholds"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="hm-thresholds-head">
        <span className="muted">ASHRAE {data.ashraeClass} defaults · stored in °C and K</span>
        <span className="hm-unit-toggle" role="radiogroup" aria-label="Temperature unit">
          {(['C', 'F'] as const).map((u) => (
            <button key={u} type="button" role="radio" aria-checked={unit === u} className={unit === u ? 'btn btn-small is-active' : 'btn btn-small'} onClick={() => chooseUnit(u)}>
              °{u}
            </button>
          ))}
        </span>
      </div>
      <table className="table table-compact">
        <tbody>
          {data.rows.map((row) => {
            const reset = resets.has(row.key);
            const value = draft[row.key] ?? shown(row.key, reset ? row.defaultValue : row.value, unit);
            const isError = problem?.field === row.key;
            return (
              <tr key={row.key} title={row.doc}>
                <td>
                  <label htmlFor={`hm-t-${row.key}`}>{row.label}</label>
                  {isError ? <div className="error-text hm-sub">{problem?.message}</div> : null}
                </td>
                <td className="num nowrap">
                  <input
                    id={`hm-t-${row.key}`}
                    className={isError ? 'hm-num is-invalid' : 'hm-num'}
                    inputMode="decimal"
                    value={value}
                    aria-invalid={isError}
                    onChange={(e) => {
                      setDraft((d) => ({ ...d, [row.key]: e.target.value }));
                      setResets((r) => {
                        const next = new Set(r);
                        next.delete(row.key);
                        return next;
                      });
                    }}
                  />{' '}
                  <span className="muted hm-unit">{unitLabel(row.kind as ThresholdKind, unit)}</span>
                </td>
                <td className="nowrap">
                  {row.custom && !reset ? (
                    <button
                      type="button"
                      className="link-btn"
                      title={`Back to the default, ${shown(row.key, row.defaultValue, unit)}`}
                      onClick={() => {
                        setResets((r) => new Set(r).add(row.key));
                        setDraft((d) => {
                          const next = { ...d };
                          delete next[row.key];
                          return next;
                        });
                      }}
                    >
                      default
                    </button>
                  ) : (
                    <span className="muted hm-sub">{reset ? 'will reset' : 'default'}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {problem && problem.field === null ? <div className="error-text pad">{problem.message}</div> : null}
      <div className="hm-thresholds-foot">
        <input className="hm-reason" placeholder="Reason (for the change log)" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} aria-label="Reason" />
        <button type="submit" className="btn btn-primary" disabled={changed === 0 || saving}>
          {saving ? 'Saving…' : changed === 0 ? 'Save' : `Save ${changed}`}
        </button>
      </div>
    </form>
  );
}
