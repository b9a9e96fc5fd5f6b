import fs from 'node:fs';
import { FloorwalkError } from '../errors';
import { CsvDecoder } from './decode';
import { CsvParser } from './parser';
import type { CsvDialect, CsvReadOptions, CsvRecord, CsvTable } from './types';

/** Bytes read per step; with the parser's one-record carry-over this bounds the memory a file costs. */
const READ_CHUNK_BYTES = 1024 * 1024;

export interface CsvStreamResult {
  readonly dialect: CsvDialect;
  /** Records passed to onRecord, the header included. */
  readonly records: number;
  readonly bytes: number;
}

export interface CsvFileOptions extends CsvReadOptions {
  /** Called after each chunk with the bytes read so far and the file size. */
  readonly onBytes?: (bytesRead: number, totalBytes: number) => void;
  readonly signal?: AbortSignal;
}

function ioError(file: string, error: unknown): FloorwalkError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FloorwalkError('not_found', `There is no file ${file}.`);
  if (code === 'EISDIR') return new FloorwalkError('io_error', `${file} is a folder, not a CSV file.`);
  return new FloorwalkError('io_error', `Cannot read ${file}: ${(error as Error).message}`);
}

/**
 * Reads a CSV file of any size in constant memory: bytes are decoded (BOM, UTF-16, Windows-1252) and
 * parsed chunk by chunk, and each record (the header first) goes to onRecord as soon as it is complete.
 * onBytes reports how far the file has been read, for a progress bar.
 */
export async function streamCsvFile(file: string, onRecord: (record: CsvRecord) => void, options: CsvFileOptions = {}): Promise<CsvStreamResult> {
  let total: number;
  try {
    total = (await fs.promises.stat(file)).size;
  } catch (error) {
    throw ioError(file, error);
  }
  const decoder = new CsvDecoder();
  let parser: CsvParser | null = null;
  let records = 0;
  let bytes = 0;
  const feed = (text: string, final: boolean): void => {
    parser ??= new CsvParser(options, decoder.encoding);
    const out = text.length > 0 ? parser.push(text) : [];
    if (final) for (const record of parser.end()) out.push(record);
    for (const record of out) {
      records++;
      onRecord(record);
    }
  };
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    throw ioError(file, error);
  }
  try {
    const chunk = new Uint8Array(READ_CHUNK_BYTES);
    for (;;) {
      if (options.signal?.aborted) throw new FloorwalkError('cancelled', `Reading ${file} was cancelled.`);
      let read: number;
      try {
        read = (await handle.read(chunk, 0, chunk.length, null)).bytesRead;
      } catch (error) {
        throw ioError(file, error);
      }
      if (read === 0) break;
      bytes += read;
      const text = decoder.push(chunk.subarray(0, read));
      if (text.length > 0) feed(text, false);
      options.onBytes?.(bytes, total);
    }
    feed(decoder.end(), true);
  } finally {
    await handle.close();
  }
  const finished = parser as CsvParser | null;
  const dialect = finished?.dialect ?? { delimiter: options.delimiter ?? ',', delimiterSource: 'sniffed', encoding: decoder.encoding, bom: false };
  return { dialect, records, bytes };
}

/** Reads a whole CSV file into memory (header + records), for files a person edits; see streamCsvFile. */
export async function readCsvFile(file: string, options: CsvFileOptions = {}): Promise<CsvTable> {
  const records: CsvRecord[] = [];
  const result = await streamCsvFile(file, (record) => records.push(record), options);
  const first = records.shift();
  return { dialect: result.dialect, header: first?.fields ?? [], headerLine: first?.line ?? 1, records };
}
