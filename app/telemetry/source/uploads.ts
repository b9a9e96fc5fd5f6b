import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FloorwalkError } from '../../core/errors';

/**
 * Files the console uploads in chunks before importing them. A browser cannot hand the core a path, and
 * one request carrying a 100 MB file as text stalls the page while it is encoded and sent; chunks of raw
 * bytes (base64) keep the page responsive, make cancel possible during the upload, and keep the bytes
 * exact (a Windows-1252 or UTF-16 export stays what it was). The staged file then streams through the
 * importer like any file on disk and is deleted after the import. Upload ids are random, made here, and
 * the only thing a caller can name, so no request reaches another path.
 */

const UPLOAD_DIR = path.join(os.tmpdir(), 'floorwalk-telemetry-uploads');
/** The biggest telemetry file the console accepts through uploads; the CLI reads any size. */
const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;
/** Staged files nobody imported (a closed tab) are removed after this long. */
const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;
const UPLOAD_ID = /^[0-9a-f]{32}$/;

function fileOf(uploadId: string): string {
  if (!UPLOAD_ID.test(uploadId)) throw new FloorwalkError('invalid_input', 'Unknown upload; pick the file again.', { field: 'uploadId' });
  return path.join(UPLOAD_DIR, `${uploadId}.part`);
}

function removeStale(now: number): void {
  let names: string[];
  try {
    names = fs.readdirSync(UPLOAD_DIR);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(UPLOAD_DIR, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_UPLOAD_MS) fs.rmSync(file, { force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

/** Appends a chunk (base64 bytes) to an upload, starting a new one without an id; returns the id and size so far. */
export function appendUpload(uploadId: string | undefined, base64: string): { uploadId: string; bytes: number } {
  const bytes = Buffer.from(base64, 'base64');
  let id = uploadId;
  if (id === undefined) {
    fs.mkdirSync(UPLOAD_DIR, { recursive: true, mode: 0o700 });
    removeStale(Date.now());
    id = crypto.randomBytes(16).toString('hex');
    fs.writeFileSync(fileOf(id), bytes, { mode: 0o600 });
    return { uploadId: id, bytes: bytes.length };
  }
  const file = fileOf(id);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new FloorwalkError('not_found', 'The upload is gone (imported, discarded or expired); pick the file again.', { field: 'uploadId' });
  }
  if (size + bytes.length > MAX_UPLOAD_BYTES) {
    fs.rmSync(file, { force: true });
    throw new FloorwalkError('invalid_input', `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB; import it with the CLI (floorwalk import telemetry FILE).`);
  }
  fs.appendFileSync(file, bytes);
  return { uploadId: id, bytes: size + bytes.length };
}

/** The staged file of an upload, for the importer. */
export function uploadFile(uploadId: string): string {
  const file = fileOf(uploadId);
  if (!fs.existsSync(file)) throw new FloorwalkError('not_found', 'The upload is gone (imported, discarded or expired); pick the file again.', { field: 'uploadId' });
  return file;
}

export function discardUpload(uploadId: string): { discarded: boolean } {
  const file = fileOf(uploadId);
  const existed = fs.existsSync(file);
  fs.rmSync(file, { force: true });
  return { discarded: existed };
}
