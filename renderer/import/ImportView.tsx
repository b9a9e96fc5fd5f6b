import { useEffect, useState, type DragEvent, type ReactElement } from 'react';
import type { InventoryImportReport, InventoryKind } from '../../app/inventory/detail-types';
import { api } from '../api/client';
import { invalidateData } from '../api/data-version';
import { undoLast } from '../editing/undo';
import { formatBytes, formatCount } from '../shell/format';
import { setNavContext } from '../shell/nav-context';
import { showToast } from '../shell/toast-store';
import { ViewHeader } from '../shell/ViewHeader';
import { downloadText } from '../shared/download';
import { guessKind } from './guess-kind';
import { ImportReport } from './ImportReport';

const KINDS: readonly InventoryKind[] = ['sites', 'rooms', 'racks', 'devices', 'accelerators'];
/** Browser mode's loopback transport refuses request bodies above this; bigger files go through the CLI. */
const BROWSER_BODY_LIMIT_BYTES = 1024 * 1024;

interface Picked {
  readonly name: string;
  readonly size: number;
  readonly text: string;
}

interface Result {
  readonly report: InventoryImportReport;
  /** What the report is about, so Commit is only offered for the exact file and kind that ran clean. */
  readonly file: Picked;
  readonly kind: InventoryKind;
}

function ExportPanel(): ReactElement {
  const [kind, setKind] = useState<InventoryKind>('devices');
  const [busy, setBusy] = useState(false);
  async function run(): Promise<void> {
    setBusy(true);
    try {
      const result = await api.call('inventory.export', { kind });
      const stamp = new Date().toISOString().slice(0, 10);
      downloadText(`floorwalk-${kind}-${stamp}.csv`, result.csv);
      showToast(`Exported ${formatCount(result.rows)} ${kind}`, 'ok');
    } catch (error) {
      showToast(`Export failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="panel">
      <div className="panel-head">
        <span className="panel-title">Export</span>
        <span className="muted">NetBox-compatible columns; cells starting with = + - @ are neutralised for spreadsheets</span>
      </div>
      <div className="import-row pad">
        <label className="inline-label">
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as InventoryKind)} aria-label="Export kind">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" disabled={busy} onClick={() => void run()}>
          {busy ? 'Exporting…' : 'Download CSV'}
        </button>
      </div>
    </section>
  );
}

/** CSV in: pick or drop a file, dry run, read the preview, then commit all-or-nothing. CSV out: one click. */
export function ImportView(): ReactElement {
  const [file, setFile] = useState<Picked | null>(null);
  const [kind, setKind] = useState<InventoryKind>('devices');
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState<'dry' | 'commit' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  useEffect(() => setNavContext({}), []);

  async function take(picked: File | undefined): Promise<void> {
    if (!picked) return;
    const text = await picked.text();
    setFile({ name: picked.name, size: picked.size, text });
    setResult(null);
    setError(null);
    const guessed = guessKind(picked.name);
    if (guessed) setKind(guessed);
  }

  async function run(dryRun: boolean): Promise<void> {
    if (!file) return;
    setBusy(dryRun ? 'dry' : 'commit');
    setError(null);
    try {
      const report = await api.call('inventory.import', { kind, source: { text: file.text, name: file.name }, dryRun });
      setResult({ report, file, kind });
      if (report.committed) {
        invalidateData();
        showToast(`Imported ${file.name}: ${formatCount(report.created)} created, ${formatCount(report.updated)} updated`, 'ok', { label: 'Undo', run: () => void undoLast() });
      }
    } catch (caught) {
      const message = caught instanceof Error ? caught.message : String(caught);
      setError(file.size > BROWSER_BODY_LIMIT_BYTES ? `${message}. This file is ${formatBytes(file.size)}; browser mode accepts up to ${formatBytes(BROWSER_BODY_LIMIT_BYTES)} — import it with the CLI: floorwalk import inventory FILE --kind ${kind}` : message);
    } finally {
      setBusy(null);
    }
  }

  const cleanDryRun = result !== null && result.report.dryRun && result.report.errorCount === 0 && result.file === file && result.kind === kind && result.report.rows > 0;
  const committed = result?.report.committed === true && result.file === file && result.kind === kind;

  function onDrop(event: DragEvent<HTMLLabelElement>): void {
    event.preventDefault();
    setDragging(false);
    void take(event.dataTransfer.files[0]);
  }

  return (
    <div className="view view-import">
      <ViewHeader crumbs={[]} title="Import / export" />
      <div className="view-body import-body">
        <section className="panel">
          <div className="panel-head">
            <span className="panel-title">Import CSV</span>
            <span className="muted">NetBox bulk-import columns accepted · Excel files (BOM, ; delimiter, CRLF) work</span>
          </div>
          <div className="pad import-controls">
            <label
              className={`dropzone${dragging ? ' is-dragging' : ''}`}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
            >
              <input type="file" accept=".csv,text/csv,text/plain" aria-label="CSV file" onChange={(e) => void take(e.target.files?.[0])} />
              {file ? (
                <span>
                  <span className="mono strong">{file.name}</span> <span className="muted">· {formatBytes(file.size)} · drop or pick another to replace</span>
                </span>
              ) : (
                <span>Drop a CSV file here, or click to pick one</span>
              )}
            </label>
            <div className="import-row">
              <label className="inline-label">
                Kind{' '}
                <select
                  value={kind}
                  aria-label="Import kind"
                  onChange={(e) => {
                    setKind(e.target.value as InventoryKind);
                  }}
                >
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="btn btn-primary" disabled={!file || busy !== null} onClick={() => void run(true)}>
                {busy === 'dry' ? 'Checking…' : 'Dry run'}
              </button>
              <button
                type="button"
                className="btn"
                disabled={!cleanDryRun || busy !== null || committed}
                title={cleanDryRun ? 'Write every row, all or nothing' : 'Run a clean dry run of this file first'}
                onClick={() => void run(false)}
              >
                {busy === 'commit' ? 'Importing…' : 'Commit'}
              </button>
              <span className="muted">{committed ? 'Committed. Undo from the toast or Ctrl+Z.' : cleanDryRun ? 'Dry run is clean: Commit writes it all.' : 'Commit unlocks after a clean dry run.'}</span>
            </div>
            {error ? (
              <div className="form-error" role="alert">
                {error}
              </div>
            ) : null}
          </div>
        </section>
        {result ? <ImportReport report={result.report} fileName={result.file.name} /> : null}
        <ExportPanel />
      </div>
    </div>
  );
}
