import { useState, type ReactElement } from 'react';
import { METRICS, unitLabel } from '../../app/telemetry/map/metrics';
import { parseUnit, unitChoices } from '../../app/telemetry/map/units';
import type { DetectedColumn, TelemetryDetectResult, TelemetryProfile } from '../../app/telemetry/types';
import { correctionOf, currentRole, MAPPABLE_FORMATS, TABLE_ROLES, timeZoneOf, withCorrection } from './column-map';

const USE_LABELS: Record<string, string> = {
  timestamp: 'time',
  date: 'date',
  time: 'time of day',
  target: 'target',
  qualifier: 'place',
  status: 'status',
  metric: 'metric',
  'metric-name': 'metric name',
  value: 'value',
  unit: 'unit',
  ignored: 'not imported',
};

/** The choice that reads like the file's unit text ("F" → "°F"), so the unit select shows what detection found. */
function unitChoiceFor(fromUnit: string | null, choices: readonly string[]): string {
  if (fromUnit === null) return '';
  const given = parseUnit(fromUnit);
  if (!given) return '';
  return choices.find((c) => {
    const u = parseUnit(c);
    return u !== null && u.dimension === given.dimension && u.scale === given.scale && u.offset === given.offset;
  }) ?? '';
}

/** The stored unit first among the choices when the list spells it otherwise (µs). */
function withStored(choices: readonly string[], stored: string): string[] {
  return choices.length === 0 || choices.includes(stored) ? [...choices] : [stored, ...choices];
}

function MetricOptions(): ReactElement {
  return (
    <optgroup label="Metric">
      {METRICS.map((m) => (
        <option key={m.name} value={m.name}>
          {m.name} ({unitLabel(m.unit)})
        </option>
      ))}
    </optgroup>
  );
}

/** One column of the map: its role, the unit its values are in, and for a time column its zone. */
function ColumnRow(props: { column: DetectedColumn; preview: TelemetryDetectResult; editable: boolean; disabled: boolean; onMapChange: (map: string[]) => void }): ReactElement {
  const { column: c, preview: p, editable, disabled } = props;
  const correction = correctionOf(p.map, c.column);
  const role = correction?.role ?? currentRole(c);
  const def = METRICS.find((m) => m.name === role);
  const choices = def ? withStored(unitChoices(def), unitLabel(def.unit)) : [];
  // No unit given (in the file or the correction) means the values are in the stored unit.
  const stored = def ? unitLabel(def.unit) : '';
  const given = correction && correction.role === role ? correction.unit : correction ? null : c.fromUnit;
  const unit = unitChoiceFor(given, choices) || stored;
  const set = (change: { role: string; unit: string | null } | null): void => props.onMapChange(withCorrection(p.map, c.column, change));
  const tableRoles = p.format !== 'nvidia-smi';
  return (
    <tr className={`${c.use === 'ignored' ? 'tel-ignored' : ''}${correction ? ' tel-corrected' : ''}`} title={c.note ?? undefined}>
      <td className="mono">{c.column}</td>
      <td className="nowrap">
        {editable ? (
          <select
            className="tel-role"
            value={role}
            disabled={disabled}
            aria-label={`Role of ${c.column}`}
            onChange={(e) => (e.target.value === '' ? set(null) : set({ role: e.target.value, unit: null }))}
          >
            {role === '' ? <option value="">as detected: {USE_LABELS[c.use] ?? c.use}</option> : null}
            <option value="ignore">not imported</option>
            {tableRoles ? (
              <optgroup label="Time, target, place">
                {TABLE_ROLES.map((r) => (
                  <option key={r.role} value={r.role}>
                    {r.label}
                  </option>
                ))}
              </optgroup>
            ) : null}
            <MetricOptions />
          </select>
        ) : (
          <>
            {USE_LABELS[c.use] ?? c.use}
            {c.metric ? <span className="mono"> {c.metric}</span> : null}
          </>
        )}
      </td>
      <td className="nowrap">
        {editable && def && choices.length > 0 ? (
          <select className="tel-unit" value={unit} disabled={disabled} aria-label={`Unit of ${c.column}`} onChange={(e) => set({ role, unit: e.target.value })}>
            {choices.map((u) => (
              <option key={u} value={u}>
                {u}
                {u === stored ? ' (stored unit)' : ''}
              </option>
            ))}
          </select>
        ) : editable && role === 'timestamp' && tableRoles ? (
          <select
            className="tel-unit"
            value={timeZoneOf(correction)}
            disabled={disabled}
            aria-label={`Time zone of ${c.column}`}
            title="Times without a zone: as written (a zone in the text, else the Time zone field or the site's), UTC, or local (the Time zone field or the site's)"
            onChange={(e) => set(e.target.value !== '' ? { role: 'timestamp', unit: e.target.value } : c.use === 'timestamp' ? null : { role: 'timestamp', unit: null })}
          >
            <option value="">zone: as written</option>
            <option value="UTC">zone: UTC</option>
            <option value="local">zone: local</option>
          </select>
        ) : (
          <span className="muted">{c.fromUnit ?? ''}</span>
        )}
      </td>
      <td className="muted tel-note" title={c.note ?? undefined}>
        <span className="tel-note-text">{c.note ?? ''}</span>
        {correction && editable ? (
          <button type="button" className="icon-btn" aria-label={`Undo the correction of ${c.column}`} title="Back to what detection found" disabled={disabled} onClick={() => set(null)}>
            ↺
          </button>
        ) : null}
      </td>
    </tr>
  );
}

/** Offers the profiles saved for this header, shows the one applied, and saves the map as a new one. */
function ProfileBar(props: { preview: TelemetryDetectResult; disabled: boolean; onApply: (name: string) => void; onSave: (name: string) => void }): ReactElement | null {
  const [name, setName] = useState('');
  const p = props.preview;
  const offered: readonly TelemetryProfile[] = p.profile ? [] : p.profiles;
  return (
    <div className="tel-profile-bar" role="group" aria-label="Profiles">
      {p.profile ? (
        <span>
          Profile <strong>{p.profile}</strong> applied{' '}
          <button type="button" className="btn btn-small" disabled={props.disabled} onClick={() => props.onApply('')}>
            Don’t apply
          </button>
        </span>
      ) : offered.length > 0 ? (
        <span className="tel-profile-offer" role="status">
          Saved for this header:{' '}
          {offered.slice(0, 3).map((o) => (
            <button key={o.name} type="button" className="btn btn-small btn-primary" disabled={props.disabled} title={o.map.join('; ')} onClick={() => props.onApply(o.name)}>
              Apply {o.name}
            </button>
          ))}
        </span>
      ) : (
        <span className="muted">No profile saved for this header.</span>
      )}
      <form
        className="tel-profile-save"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() !== '') props.onSave(name.trim());
        }}
      >
        <input className="mono" value={name} placeholder="profile name" aria-label="Profile name" disabled={props.disabled} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="btn btn-small" disabled={props.disabled || name.trim() === ''}>
          Save map as profile
        </button>
      </form>
    </div>
  );
}

/**
 * The column map as a table the technician corrects: each column's role, unit and (time columns) zone.
 * A change is a `COLUMN=ROLE[:UNIT]` correction; the preview is detected again with it, and the import
 * applies exactly what the preview shows.
 */
export interface MapEditing {
  readonly preview: TelemetryDetectResult;
  readonly disabled: boolean;
  readonly onMapChange: (map: string[]) => void;
  readonly onApplyProfile: (name: string) => void;
  readonly onSaveProfile: (name: string) => void;
}

export function ColumnMapTable(props: MapEditing): ReactElement {
  const p = props.preview;
  const editable = MAPPABLE_FORMATS.includes(p.format);
  return (
    <div className="tel-map">
      {editable ? <ProfileBar preview={p} disabled={props.disabled} onApply={props.onApplyProfile} onSave={props.onSaveProfile} /> : null}
      <div className="table-scroll tel-table-box">
        <table className="table table-compact" aria-label="Columns">
          <thead>
            <tr>
              <th>Column</th>
              <th>Role</th>
              <th>Unit in file</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {p.columns.map((c, i) => (
              <ColumnRow key={`${c.column}-${i}`} column={c} preview={p} editable={editable && c.use !== 'metric-name' && c.use !== 'value' && c.use !== 'unit'} disabled={props.disabled} onMapChange={props.onMapChange} />
            ))}
          </tbody>
        </table>
      </div>
      {!editable ? <div className="muted tel-map-note">This format names the metric in every row; its columns are not corrected here.</div> : null}
    </div>
  );
}
