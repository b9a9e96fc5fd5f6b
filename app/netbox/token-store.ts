import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FloorwalkError } from '../core/errors';

/**
 * NetBox API tokens, one per server, in a file only the user can read (0600) beside the database — never in
 * the database, never in a log or an error. (Electron's desktop app keeps them with safeStorage instead.)
 */
const FILE_MODE = 0o600;

function tokenFile(dbPath: string, server: string): string {
  const id = crypto.createHash('sha256').update(server).digest('hex').slice(0, 16);
  return path.join(path.dirname(path.resolve(dbPath)), 'netbox-tokens', `${id}.token`);
}

export function saveToken(dbPath: string, server: string, token: string): string {
  const file = tokenFile(dbPath, server);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ server, token }), { mode: FILE_MODE });
  fs.chmodSync(tmp, FILE_MODE);
  fs.renameSync(tmp, file);
  return file;
}

export function loadToken(dbPath: string, server: string): string {
  const file = tokenFile(dbPath, server);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new FloorwalkError('invalid_input', `No NetBox token is saved for ${server}; pass --token once.`, { field: 'token' });
  }
  const parsed = JSON.parse(raw) as { server?: string; token?: string };
  if (parsed.server !== server || typeof parsed.token !== 'string') throw new FloorwalkError('invalid_input', `The saved token file for ${server} is damaged; pass --token again.`, { field: 'token' });
  return parsed.token;
}
