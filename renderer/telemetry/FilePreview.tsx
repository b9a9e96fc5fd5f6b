import type { ReactElement } from 'react';
import { TELEMETRY_FORMATS, FORMAT_LABELS } from '../../app/telemetry/types';
import { unitLabel, type CanonicalUnit } from '../../app/telemetry/map/metrics';
import { formatCount } from '../shell/format';
import { Fact } from '../shell/ViewHeader';
import type { EntryOptions } from './queue';
import { ColumnMapTable, type MapEditing } from './ColumnMapTable';

const TEXT_OPTIONS: ReadonlyArray<{ key: 'timezone' | 'room' | 'target'; label: string; placeholder: string; title: string }> = [
  { key: 'timezone', label: 'Time zone', placeholder: 'site zone', title: "IANA zone (e.g. UTC, Europe/Dublin) for times without a zone; empty: each target's site zone" },
  { key: 'room', label: 'Room', placeholder: 'SITE/ROOM', title: 'For bare rack, sensor and CDU names' },
  { key: 'target', label: 'Target', placeholder: 'from the file', title: "For a file whose rows name no device (one PDU's log)" },
];

/** The options a technician may change before importing; each change previews the file again. */
export function OptionsForm(props: { options: EntryOptions; needsColumns: boolean; disabled: boolean; onChange: (options: EntryOptions) => void }): ReactElement {
  const { options, onChange } = props;
  const field = (key: keyof EntryOptions, value: string): void => onChange({ ...options, [key]: value });
  return (
    <div className="tel-options">
      <label className="inline-label">
        Format{' '}
        <select value={options.format} disabled={props.disabled} onChange={(e) => field('format', e.target.value)} aria-label="Format">
          <option value="">auto-detect</option>
          {TELEMETRY_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      </label>
      {TEXT_OPTIONS.map((o) => (
        <label key={o.key} className="inline-label">
          {o.label}{' '}
          <input className="mono" value={options[o.key]} disabled={props.disabled} placeholder={o.placeholder} aria-label={o.label} title={o.title} onChange={(e) => field(o.key, e.target.value)} />
        </label>
      ))}
      {props.needsColumns || options.columns !== '' ? (
        <label className={`inline-label tel-columns${props.needsColumns ? ' is-needed' : ''}`}>
          Columns{' '}
          <input
            className="mono"
            value={options.columns}
            disabled={props.disabled}
            placeholder="timestamp,uuid,temperature.gpu,power.draw"
            aria-label="Columns"
            title="The --query-gpu field list of a noheader nvidia-smi file"
            onChange={(e) => field('columns', e.target.value)}
          />
        </label>
      ) : null}
    </div>
  );
}

/** What detection found: format, dialect, columns → metrics with units, time zone, and the first readings. */
export function FilePreview(props: MapEditing): ReactElement {
  const p = props.preview;
  const zones = p.timeZone.option ?? (p.timeZone.zones.map((z) => z.zone).join(', ') || (p.timeZone.fallback ? `${p.timeZone.fallback} (site)` : 'not needed: times carry their zone'));
  return (
    <section className="panel tel-preview" aria-label="Preview">
      <div className="panel-head">
        <span className="panel-title">Detected: {p.formatLabel}</span>
        <span className="muted">{p.evidence}</span>
      </div>
      <div className="facts">
        <Fact label="Encoding">{p.encoding}</Fact>
        <Fact label="Delimiter">
          <span className="mono">{p.delimiter === '\t' ? 'TAB' : p.delimiter === null ? '—' : JSON.stringify(p.delimiter)}</span>
          {p.decimalComma ? <span className="muted"> · decimal comma</span> : null}
        </Fact>
        {p.dateOrder ? <Fact label="Dates">{p.dateOrder}</Fact> : null}
        <Fact label="Time zone" wide>
          {zones}
          {p.timeZone.ambiguous > 0 ? <span className="muted"> · {p.timeZone.ambiguous} in the repeated DST hour</span> : null}
        </Fact>
        <Fact label="Sample">
          {formatCount(p.sampleRows)} rows · {formatCount(p.sampleTargets)} target{p.sampleTargets === 1 ? '' : 's'}
          {p.sampleUnmatched > 0 ? <span className="band-high"> · {formatCount(p.sampleUnmatched)} not in inventory</span> : null}
        </Fact>
      </div>
      {p.warnings.length > 0 ? (
        <ul className="tel-notes">
          {p.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <div className="tel-split">
        <ColumnMapTable {...props} />
        <div className="table-scroll tel-table-box">
          <table className="table table-compact" aria-label="Sample readings">
            <thead>
              <tr>
                <th>Time (UTC)</th>
                <th>Target</th>
                <th>Metric</th>
                <th className="num">Value</th>
              </tr>
            </thead>
            <tbody>
              {p.sample.map((r, i) => (
                <tr key={i}>
                  <td className="mono nowrap">{r.at.replace('T', ' ').replace(/\.000Z$/, 'Z')}</td>
                  <td className={r.matched ? 'mono' : 'mono band-high'} title={r.matched ? undefined : 'not in the inventory'}>
                    {r.target}
                  </td>
                  <td className="mono">{r.metric}</td>
                  <td className="num mono nowrap">
                    {Number(r.value.toPrecision(6))} <span className="muted">{unitLabel(r.unit as CanonicalUnit)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {p.sampleErrors.length > 0 ? (
        <div className="tel-sample-errors">
          <span className="section-title">Rows the import would reject (sample)</span>
          {p.sampleErrors.slice(0, 5).map((e) => (
            <div key={`${e.line}-${e.column}`} className="mono">
              line {e.line}
              {e.column ? `, ${e.column}` : ''}: {e.reason}
            </div>
          ))}
        </div>
      ) : null}
    </section>
  );
}
