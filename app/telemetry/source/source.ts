import fs from 'node:fs';
import path from 'node:path';
import { FloorwalkError } from '../../core/errors';
import { refuseBinary } from '../../core/sniff';
import { uploadFile } from './uploads';

/**
 * A file on disk (CLI, desktop), text the browser read from a dropped file (small files, previews), or a
 * file the console uploaded in chunks (see uploads.ts).
 */
export type TelemetrySource =
  | { readonly path: string }
  | { readonly text: string; readonly name: string; readonly modifiedMs?: number | undefined }
  | { readonly upload: string; readonly name: string; readonly modifiedMs?: number | undefined };

/** Bytes read per step; with the parsers' one-line carry-over this bounds what a file costs in memory. */
export const READ_CHUNK_BYTES = 1024 * 1024;
/** What detection looks at: enough for a header, a `sep=` line, a preamble and a few dozen rows. */
export const SAMPLE_BYTES = 64 * 1024;

export interface OpenedSource {
  readonly name: string;
  readonly size: number;
  /** When the file was last written, for scrapes that carry no time of their own. */
  readonly modifiedMs: number | null;
  /** Fills `into` from the current position; 0 at the end. */
  read(into: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

function ioError(file: string, error: unknown): FloorwalkError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FloorwalkError('not_found', `There is no file ${file}.`);
  if (code === 'EISDIR') return new FloorwalkError('io_error', `${file} is a folder, not a telemetry file.`);
  if (code === 'EACCES' || code === 'EPERM') return new FloorwalkError('io_error', `${file} cannot be read (permission denied).`);
  return new FloorwalkError('io_error', `Cannot read ${file}: ${(error as Error).message}`);
}

export function sourceName(source: TelemetrySource): string {
  return 'path' in source ? source.path : source.name;
}

export async function openSource(source: TelemetrySource): Promise<OpenedSource> {
  if ('path' in source || 'upload' in source) {
    const file = 'path' in source ? source.path : uploadFile(source.upload);
    let handle: fs.promises.FileHandle;
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
      if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      handle = await fs.promises.open(file, 'r');
    } catch (error) {
      throw ioError(file, error);
    }
    return {
      name: 'path' in source ? path.basename(file) : source.name,
      size: stat.size,
      modifiedMs: 'path' in source ? stat.mtimeMs : (source.modifiedMs ?? null),
      async read(into) {
        try {
          return (await handle.read(into, 0, into.length, null)).bytesRead;
        } catch (error) {
          throw ioError(file, error);
        }
      },
      close: () => handle.close(),
    };
  }
  const text = source.text;
  const encoder = new TextEncoder();
  let position = 0;
  return {
    name: source.name,
    size: Buffer.byteLength(text, 'utf8'),
    modifiedMs: source.modifiedMs ?? null,
    async read(into) {
      if (position >= text.length) return 0;
      // A UTF-16 code unit takes at most 3 UTF-8 bytes; stop before a lone high surrogate.
      let end = Math.min(text.length, position + Math.floor(into.length / 3));
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
      const { written } = encoder.encodeInto(text.slice(position, end), into);
      position = end;
      return written;
    },
    close: async () => undefined,
  };
}

/** The first SAMPLE_BYTES of a source, for detection. */
export async function readSample(source: TelemetrySource): Promise<{ bytes: Uint8Array; complete: boolean; name: string; size: number; modifiedMs: number | null }> {
  const opened = await openSource(source);
  try {
    const buffer = new Uint8Array(SAMPLE_BYTES);
    let filled = 0;
    while (filled < buffer.length) {
      const read = await opened.read(buffer.subarray(filled));
      if (read === 0) break;
      filled += read;
    }
    // Content sniffing before detection: an image or a workbook is refused, never parsed as a table.
    refuseBinary(buffer.subarray(0, filled), opened.name, 'a telemetry export (CSV, nvidia-smi, DCGM or Prometheus text)');
    return { bytes: buffer.subarray(0, filled), complete: filled >= opened.size, name: opened.name, size: opened.size, modifiedMs: opened.modifiedMs };
  } finally {
    await opened.close();
  }
}
