import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The browser-mode session of one database, kept across restarts: its token and port, in a file only the
 * user can read (0600) in a 0700 folder. A page left open while `floorwalk serve` restarts finds the same
 * server at the same address with the same token and resumes; another local user cannot read the token.
 * Keyed by a hash of the database's absolute path, so two databases never share a token.
 */
export interface SessionRecord {
  readonly token: string;
  readonly port: number;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function sessionFile(sessionsDir: string, dbPath: string): string {
  const key = crypto.createHash('sha256').update(path.resolve(dbPath)).digest('hex').slice(0, 32);
  return path.join(sessionsDir, `${key}.json`);
}

/** The kept session, or null when there is none or it is not one this code wrote (then a new one is made). */
export function readSession(file: string): SessionRecord | null {
  try {
    const stat = fs.statSync(file);
    // A file others can read is a token others may know: do not reuse it.
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) return null;
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SessionRecord>;
    if (typeof value.token !== 'string' || !TOKEN_PATTERN.test(value.token)) return null;
    const port = typeof value.port === 'number' && Number.isInteger(value.port) && value.port > 0 && value.port < 65536 ? value.port : 0;
    return { token: value.token, port };
  } catch {
    return null;
  }
}

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Writes the session atomically (temp file, then rename), 0600 from the first byte. */
export function writeSession(file: string, record: SessionRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, file);
}
