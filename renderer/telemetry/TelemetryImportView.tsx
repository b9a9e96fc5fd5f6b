import { useCallback, useEffect, useRef, useState, type DragEvent, type ReactElement } from 'react';
import type { ProgressEvent } from '../../app/core/progress';
import { errorsCsv } from '../../app/telemetry/store/error-csv';
import { api, ApiError } from '../api/client';
import { invalidateData } from '../api/data-version';
import { downloadText } from '../shared/download';
import { formatBytes, formatCount } from '../shell/format';
import { isTyping } from '../shell/keyboard';
import { setNavContext } from '../shell/nav-context';
import { showToast } from '../shell/toast-store';
import { ViewHeader } from '../shell/ViewHeader';
import { FilePreview, OptionsForm } from './FilePreview';
import { ImportResultPanel } from './ImportResultPanel';
import { canImport, NO_OPTIONS, requestOptions, SAMPLE_BYTES, sampleOf, statusLabel, toBase64, UPLOAD_CHUNK_BYTES, type Entry, type EntryOptions } from './queue';
import './telemetry.css';

/** Preview requests wait this long after the last keystroke in an option field. */
const PREVIEW_DEBOUNCE_MS = 350;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Telemetry import: drop or pick files (nvidia-smi, DCGM, rack/PDU, CDU, long format), read what each one
 * is (format, columns → metrics, units, time zone, first readings), adjust the options if needed, import
 * one or all with progress and cancel, then read what was stored, skipped and rejected, and export the
 * rejected rows. Keyboard: Tab through everything, Enter on a file row opens it, Ctrl+Enter imports the
 * files that are ready, Escape cancels the running import.
 */
export function TelemetryImportView(props: { onImported?: (() => void) | undefined } = {}): ReactElement {
  const [entries, setEntries] = useState<readonly Entry[]>([]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const [running, setRunning] = useState(false);
  const nextId = useRef(1);
  const controller = useRef<AbortController | null>(null);
  const stopQueue = useRef(false);
  const timers = useRef(new Map<number, number>());
  const entriesRef = useRef(entries);
  entriesRef.current = entries;
  const { onImported } = props;

  useEffect(() => setNavContext({}), []);

  const update = useCallback((id: number, change: Partial<Entry>): void => {
    setEntries((list) => list.map((e) => (e.id === id ? { ...e, ...change } : e)));
  }, []);

  const detect = useCallback(
    async (id: number, file: File, options: EntryOptions): Promise<void> => {
      update(id, { status: 'detecting', error: null });
      try {
        const text = sampleOf(new Uint8Array(await file.slice(0, SAMPLE_BYTES).arrayBuffer()), file.size);
        const preview = await api.call('telemetry.detect', { source: { text, name: file.name, modifiedMs: Math.floor(file.lastModified) }, ...requestOptions(options) });
        update(id, { status: 'ready', preview });
      } catch (error) {
        update(id, { status: 'unreadable', preview: null, error: message(error) });
      }
    },
    [update],
  );

  function addFiles(files: FileList | null | undefined): void {
    if (!files || files.length === 0) return;
    const added: Entry[] = [...files].map((file) => ({
      id: nextId.current++,
      file,
      status: 'detecting',
      options: NO_OPTIONS,
      preview: null,
      result: null,
      error: null,
      progress: null,
    }));
    setEntries((list) => [...list, ...added]);
    setSelectedId((current) => current ?? added[0]?.id ?? null);
    for (const entry of added) void detect(entry.id, entry.file, entry.options);
  }

  function changeOptions(entry: Entry, options: EntryOptions): void {
    update(entry.id, { options });
    const pending = timers.current.get(entry.id);
    if (pending !== undefined) window.clearTimeout(pending);
    timers.current.set(
      entry.id,
      window.setTimeout(() => {
        timers.current.delete(entry.id);
        void detect(entry.id, entry.file, options);
      }, PREVIEW_DEBOUNCE_MS),
    );
  }

  /** Sends the file's bytes in chunks; the core stages them and the import reads them like a file on disk. */
  const upload = useCallback(
    async (entry: Entry, signal: AbortSignal): Promise<string> => {
      const file = entry.file;
      let uploadId: string | undefined;
      let offset = 0;
      do {
        if (signal.aborted) {
          if (uploadId !== undefined) await api.call('telemetry.discard', { uploadId });
          throw new ApiError({ code: 'cancelled', message: 'Cancelled; nothing was written.' });
        }
        const data = toBase64(new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer()));
        const sent: { uploadId: string; bytes: number } = await api.call('telemetry.upload', uploadId === undefined ? { data } : { uploadId, data });
        uploadId = sent.uploadId;
        offset += UPLOAD_CHUNK_BYTES;
        update(entry.id, { progress: { phase: 'upload', fraction: file.size > 0 ? sent.bytes / file.size : 1, bytes: sent.bytes, totalBytes: file.size, rows: 0 } });
      } while (offset < file.size);
      return uploadId;
    },
    [update],
  );

  const importOne = useCallback(
    async (entry: Entry): Promise<boolean> => {
      const abort = new AbortController();
      controller.current = abort;
      update(entry.id, { status: 'importing', error: null, result: null, progress: { phase: 'upload', fraction: 0, bytes: 0, totalBytes: entry.file.size, rows: 0 } });
      setSelectedId(entry.id);
      try {
        const uploadId = await upload(entry, abort.signal);
        if (abort.signal.aborted) {
          await api.call('telemetry.discard', { uploadId });
          throw new ApiError({ code: 'cancelled', message: 'Cancelled; nothing was written.' });
        }
        const result = await api.call(
          'telemetry.import',
          { source: { upload: uploadId, name: entry.file.name, modifiedMs: Math.floor(entry.file.lastModified) }, ...requestOptions(entry.options) },
          {
            signal: abort.signal,
            onProgress: (event: ProgressEvent & { rows?: number }) =>
              update(entry.id, { progress: { phase: 'import', fraction: event.fraction, bytes: event.done, totalBytes: event.total, rows: event.rows ?? 0 } }),
          },
        );
        update(entry.id, { status: 'done', result, progress: null });
        return true;
      } catch (error) {
        // Only the core's own word counts: a cancel that came too late leaves a committed import, shown as done.
        const cancelled = error instanceof ApiError && error.code === 'cancelled';
        update(entry.id, { status: cancelled ? 'cancelled' : 'failed', error: cancelled ? 'Cancelled; nothing was written.' : message(error), progress: null });
        return false;
      } finally {
        controller.current = null;
      }
    },
    [update, upload],
  );

  const importEntries = useCallback(
    async (ids: readonly number[]): Promise<void> => {
      if (running || ids.length === 0) return;
      setRunning(true);
      stopQueue.current = false;
      setEntries((list) => list.map((e) => (ids.includes(e.id) ? { ...e, status: 'queued' } : e)));
      let stored = 0;
      let failed = 0;
      for (const id of ids) {
        const entry = entriesRef.current.find((e) => e.id === id);
        if (!entry) continue;
        if (stopQueue.current) {
          update(id, { status: 'ready' });
          continue;
        }
        if (await importOne(entry)) stored++;
        else failed++;
      }
      setRunning(false);
      if (stored > 0) {
        invalidateData();
        onImported?.();
      }
      showToast(`${stored} file${stored === 1 ? '' : 's'} imported${failed > 0 ? `, ${failed} not` : ''}`, failed > 0 ? 'error' : 'ok');
    },
    [importOne, onImported, running, update],
  );

  /** Saves the map the preview shows as a profile, then applies it (so the corrections now come from it). */
  async function saveProfile(entry: Entry, name: string): Promise<void> {
    const preview = entry.preview;
    if (!preview) return;
    try {
      const timezone = entry.options.timezone.trim();
      const columns = entry.options.columns.trim();
      await api.call('telemetry.profile.save', {
        name,
        format: preview.format,
        header: [...preview.header],
        map: [...preview.map],
        ...(timezone !== '' ? { timezone } : {}),
        ...(columns !== '' ? { columns } : {}),
      });
      showToast(`Profile ${name} saved`, 'ok');
      changeOptions(entry, { ...entry.options, profile: name, map: [] });
    } catch (error) {
      showToast(`Profile not saved: ${message(error)}`, 'error');
    }
  }

  const cancel = useCallback((): void => {
    stopQueue.current = true;
    controller.current?.abort();
  }, []);

  const ready = entries.filter(canImport).map((e) => e.id);

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      if (event.key === 'Escape' && running) {
        event.preventDefault();
        cancel();
      } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !running && ready.length > 0) {
        event.preventDefault();
        void importEntries(ready);
      } else if (!isTyping(event.target) && (event.key === 'ArrowDown' || event.key === 'ArrowUp') && entries.length > 0) {
        const index = entries.findIndex((e) => e.id === selectedId);
        const next = entries[Math.max(0, Math.min(entries.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))];
        if (next) {
          event.preventDefault();
          setSelectedId(next.id);
          document.getElementById(`tel-file-${next.id}`)?.focus();
        }
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cancel, entries, importEntries, ready, running, selectedId]);

  function onDrop(event: DragEvent<HTMLLabelElement>): void {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  }

  function exportErrors(list: readonly Entry[]): void {
    const withErrors = list.filter((e) => e.result && e.result.errors.length > 0).map((e) => ({ file: e.file.name, errors: e.result?.errors ?? [] }));
    if (withErrors.length === 0) return;
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    downloadText(`floorwalk-telemetry-errors-${stamp}.csv`, errorsCsv(withErrors));
  }

  const selected = entries.find((e) => e.id === selectedId) ?? null;
  const active = entries.find((e) => e.status === 'importing') ?? null;
  const anyErrors = entries.some((e) => (e.result?.errors.length ?? 0) > 0);

  return (
    <div className="view view-telemetry">
      <ViewHeader
        crumbs={[]}
        title="Telemetry import"
        actions={
          <>
            <button type="button" className="btn" disabled={!anyErrors} onClick={() => exportErrors(entries)}>
              Export all errors
            </button>
            {running ? (
              <button type="button" className="btn btn-danger" onClick={cancel} title="Escape">
                Cancel
              </button>
            ) : (
              <button type="button" className="btn btn-primary" disabled={ready.length === 0} onClick={() => void importEntries(ready)} title="Ctrl+Enter">
                Import {ready.length > 0 ? `${ready.length} file${ready.length === 1 ? '' : 's'}` : ''}
              </button>
            )}
          </>
        }
      />
      <div className="view-body tel-body">
        <label
          className={`dropzone${dragging ? ' is-dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <input
            type="file"
            multiple
            accept=".csv,.txt,.tsv,.prom,.log,.metrics,.json,text/csv,text/plain,application/json"
            aria-label="Telemetry files"
            onChange={(e) => {
              addFiles(e.target.files);
              e.target.value = '';
            }}
          />
          <span>
            Drop telemetry files here, or click (Space) to pick them{' '}
            <span className="muted">· nvidia-smi CSV (pdsh too) · DCGM /metrics or CSV · rack/PDU and CDU exports (Excel re-saves welcome) · Redfish MetricReport JSON/CSV · timestamp,target,metric,value,unit</span>
          </span>
        </label>

        {active?.progress ? (
          <div className="panel tel-progress" role="status" aria-live="polite">
            <div className="tel-progress-line">
              <span className="mono strong">{active.file.name}</span>
              <span className="tel-progress-figures" data-testid="tel-progress">
                {active.progress.phase === 'upload'
                  ? `uploading ${formatBytes(active.progress.bytes)} of ${formatBytes(active.progress.totalBytes)}`
                  : `${Math.floor(active.progress.fraction * 100)} % · ${formatBytes(active.progress.bytes)} of ${formatBytes(active.progress.totalBytes)} · ${formatCount(active.progress.rows)} rows`}
              </span>
              <button type="button" className="btn btn-small btn-danger" onClick={cancel}>
                Cancel
              </button>
            </div>
            <div className="tel-progress-track">
              <div className={`tel-progress-fill tel-progress-${active.progress.phase}`} style={{ width: `${(active.progress.fraction * 100).toFixed(1)}%` }} />
            </div>
          </div>
        ) : null}

        {entries.length > 0 ? (
          <section className="panel">
            <div className="table-scroll">
              <table className="table table-compact tel-files" aria-label="Files">
                <thead>
                  <tr>
                    <th>File</th>
                    <th className="num">Size</th>
                    <th>Format</th>
                    <th>Status</th>
                    <th className="num">Readings</th>
                    <th className="num">Rejected</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <tr
                      key={entry.id}
                      id={`tel-file-${entry.id}`}
                      tabIndex={0}
                      className={`clickable${entry.id === selectedId ? ' is-selected' : ''}`}
                      aria-selected={entry.id === selectedId}
                      onClick={() => setSelectedId(entry.id)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) setSelectedId(entry.id);
                      }}
                    >
                      <td className="mono">{entry.file.name}</td>
                      <td className="num">{formatBytes(entry.file.size)}</td>
                      <td>{entry.preview?.format ?? ''}</td>
                      <td className={`tel-status tel-status-${entry.status}`}>{statusLabel(entry)}</td>
                      <td className="num">{entry.result ? formatCount(entry.result.readings) : ''}</td>
                      <td className="num">{entry.result ? formatCount(entry.result.rejected) : ''}</td>
                      <td className="tel-row-actions">
                        {canImport(entry) && !running ? (
                          <button type="button" className="btn btn-small" onClick={() => void importEntries([entry.id])}>
                            Import
                          </button>
                        ) : null}
                        {entry.status !== 'importing' && entry.status !== 'queued' ? (
                          <button
                            type="button"
                            className="icon-btn"
                            aria-label={`Remove ${entry.file.name}`}
                            onClick={(e) => {
                              e.stopPropagation();
                              setEntries((list) => list.filter((x) => x.id !== entry.id));
                              if (selectedId === entry.id) setSelectedId(null);
                            }}
                          >
                            ×
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : (
          <p className="empty-state">
            Readings are stored in UTC and joined to the inventory: GPUs by UUID, serial or host + PCI bus id; PDUs and servers by hostname; racks, sensors and CDUs by name.
            Importing a file again stores nothing twice.
          </p>
        )}

        {selected ? (
          <div className="tel-detail" aria-label={`Details of ${selected.file.name}`}>
            <OptionsForm options={selected.options} needsColumns={selected.preview?.needsColumns ?? false} disabled={selected.status === 'importing' || selected.status === 'queued'} onChange={(o) => changeOptions(selected, o)} />
            {selected.error ? <div className="form-error" role="alert">{selected.error}</div> : null}
            {selected.result ? <ImportResultPanel result={selected.result} onExportErrors={() => exportErrors([selected])} /> : null}
            {selected.preview && !selected.result ? (
              <FilePreview
                preview={selected.preview}
                disabled={selected.status === 'importing' || selected.status === 'queued'}
                // The preview's map holds a profile's corrections too: an edit carries them all, so the profile is no longer needed.
                onMapChange={(map) => changeOptions(selected, { ...selected.options, map, profile: '' })}
                onApplyProfile={(profile) => changeOptions(selected, { ...selected.options, profile, map: [] })}
                onSaveProfile={(name) => void saveProfile(selected, name)}
              />
            ) : null}
            {selected.status === 'detecting' ? <div className="view-loading">Reading {selected.file.name}…</div> : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
