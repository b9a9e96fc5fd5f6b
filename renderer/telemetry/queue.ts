import { CsvDecoder } from '../../app/core/csv/decode';
import type { TelemetryDetectResult, TelemetryFormat, TelemetryImportResult } from '../../app/telemetry/types';

/** The files a technician dropped, each on its way from preview to result. Pure data and helpers. */

export type EntryStatus = 'detecting' | 'ready' | 'unreadable' | 'queued' | 'importing' | 'done' | 'failed' | 'cancelled';

export interface EntryOptions {
  readonly format: TelemetryFormat | '';
  readonly columns: string;
  readonly timezone: string;
  readonly room: string;
  readonly target: string;
  /** Corrections of the column map, `COLUMN=ROLE[:UNIT]` each (the preview's map table). */
  readonly map: readonly string[];
  /** The profile applied, or ''. */
  readonly profile: string;
}

export interface ImportProgress {
  /** Sending the file to the core in chunks, then the import proper. */
  readonly phase: 'upload' | 'import';
  readonly fraction: number;
  readonly bytes: number;
  readonly totalBytes: number;
  readonly rows: number;
}

export interface Entry {
  readonly id: number;
  readonly file: File;
  readonly status: EntryStatus;
  readonly options: EntryOptions;
  readonly preview: TelemetryDetectResult | null;
  readonly result: TelemetryImportResult | null;
  readonly error: string | null;
  readonly progress: ImportProgress | null;
}

export const NO_OPTIONS: EntryOptions = { format: '', columns: '', timezone: '', room: '', target: '', map: [], profile: '' };

/** What detection reads of a file; the server never sees more for a preview. */
export const SAMPLE_BYTES = 64 * 1024;
/** Bytes per upload request: big enough to be quick, small enough that the page never stalls. */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

/** Raw bytes as base64, in slices (String.fromCharCode takes a bounded number of arguments). */
export function toBase64(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += SLICE) binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  return btoa(binary);
}

/** The request options the entry's form sets (empty fields are left to detection). */
export function requestOptions(options: EntryOptions): { format?: TelemetryFormat; columns?: string; timezone?: string; room?: string; target?: string; map?: string[]; profile?: string } {
  const out: { format?: TelemetryFormat; columns?: string; timezone?: string; room?: string; target?: string; map?: string[]; profile?: string } = {};
  if (options.format !== '') out.format = options.format;
  for (const key of ['columns', 'timezone', 'room', 'target'] as const) {
    const value = options[key].trim();
    if (value !== '') out[key] = value;
  }
  if (options.map.length > 0) out.map = [...options.map];
  if (options.profile !== '') out.profile = options.profile;
  return out;
}

/**
 * The head of a file as text for a preview, decoded as the importer decodes files (BOM, UTF-16,
 * Windows-1252), and cut at its last line break when the file goes on: a line cut by the sample is not
 * a truncated row.
 */
export function sampleOf(bytes: Uint8Array, fileSize: number): string {
  const decoder = new CsvDecoder();
  const complete = bytes.length >= fileSize;
  const text = decoder.push(bytes) + (complete ? decoder.end() : '');
  if (complete) return text;
  const cut = text.lastIndexOf('\n');
  return cut > 0 ? text.slice(0, cut + 1) : text;
}

export function canImport(entry: Entry): boolean {
  return (entry.status === 'ready' || entry.status === 'failed' || entry.status === 'cancelled') && entry.preview !== null && !entry.preview.needsColumns;
}

export function statusLabel(entry: Entry): string {
  switch (entry.status) {
    case 'detecting':
      return 'reading…';
    case 'ready':
      return entry.preview?.needsColumns ? 'needs columns' : 'ready';
    case 'unreadable':
      return 'not recognised';
    case 'queued':
      return 'queued';
    case 'importing':
      return `${entry.progress?.phase === 'upload' ? 'uploading' : 'importing'} ${Math.floor((entry.progress?.fraction ?? 0) * 100)} %`;
    case 'done':
      return 'imported';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
  }
}
