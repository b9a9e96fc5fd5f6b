import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FloorwalkError } from '../core/errors';

/**
 * NetBox API tokens, one per server, beside the database — never in the database, never in a log, an error or
 * an answer to the console. Two forms behind one interface:
 * - `keychain`: where Electron's safeStorage can encrypt (its key lives in the OS keychain: Keychain, DPAPI,
 *   libsecret/kwallet), the file holds only the ciphertext;
 * - `file`: elsewhere (the CLI, browser mode, a Linux desktop without a secret service), the token itself in a
 *   file only the user can read (0600, in a 0700 folder).
 */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const PLAIN_EXT = '.token';
const SEALED_EXT = '.safe';

/** Electron's safeStorage, or anything shaped like it; async so a worker thread can ask the main process. */
export interface Encryptor {
  isEncryptionAvailable(): boolean | Promise<boolean>;
  encryptString(plain: string): Buffer | Promise<Buffer>;
  decryptString(sealed: Buffer): string | Promise<string>;
}

export type TokenStoreKind = 'keychain' | 'file';

export interface TokenStore {
  readonly kind: TokenStoreKind;
  save(server: string, token: string): Promise<void>;
  /** The saved token, or a FloorwalkError (field `token`) saying why there is none. */
  load(server: string): Promise<string>;
  /** Whether a token is saved for the server (in either form), without reading it. */
  has(server: string): boolean;
  /** Removes a saved token in either form; true when one was there. */
  forget(server: string): boolean;
}

function tokenPath(dbPath: string, server: string, ext: string): string {
  const id = crypto.createHash('sha256').update(server).digest('hex').slice(0, 16);
  return path.join(path.dirname(path.resolve(dbPath)), 'netbox-tokens', `${id}${ext}`);
}

function writePrivate(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: DIR_MODE });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data, { mode: FILE_MODE });
  fs.chmodSync(tmp, FILE_MODE);
  fs.renameSync(tmp, file);
}

function readIfThere(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

function missing(server: string): FloorwalkError {
  return new FloorwalkError('invalid_input', `No NetBox token is saved for ${server}; give the token once.`, { field: 'token' });
}

function damaged(server: string): FloorwalkError {
  return new FloorwalkError('invalid_input', `The saved token for ${server} cannot be read; give the token again.`, { field: 'token' });
}

/** What both forms share: where the files are, has() and forget(). */
abstract class FileBacked {
  constructor(protected readonly dbPath: string) {}

  has(server: string): boolean {
    return fs.existsSync(tokenPath(this.dbPath, server, PLAIN_EXT)) || fs.existsSync(tokenPath(this.dbPath, server, SEALED_EXT));
  }

  forget(server: string): boolean {
    let removed = false;
    for (const ext of [PLAIN_EXT, SEALED_EXT]) {
      const file = tokenPath(this.dbPath, server, ext);
      if (fs.existsSync(file)) {
        fs.rmSync(file);
        removed = true;
      }
    }
    return removed;
  }

  protected loadPlain(server: string): string | null {
    const raw = readIfThere(tokenPath(this.dbPath, server, PLAIN_EXT));
    if (raw === null) return null;
    let parsed: { server?: unknown; token?: unknown };
    try {
      parsed = JSON.parse(raw.toString('utf8')) as typeof parsed;
    } catch {
      throw damaged(server);
    }
    if (parsed.server !== server || typeof parsed.token !== 'string') throw damaged(server);
    return parsed.token;
  }
}

class PlainFileStore extends FileBacked implements TokenStore {
  readonly kind = 'file';

  save(server: string, token: string): Promise<void> {
    writePrivate(tokenPath(this.dbPath, server, PLAIN_EXT), JSON.stringify({ server, token }));
    return Promise.resolve();
  }

  async load(server: string): Promise<string> {
    await Promise.resolve();
    const token = this.loadPlain(server);
    if (token !== null) return token;
    if (fs.existsSync(tokenPath(this.dbPath, server, SEALED_EXT))) {
      throw new FloorwalkError('invalid_input', `The token for ${server} is sealed with the desktop app's OS keychain, which is not reachable here; give the token once.`, { field: 'token' });
    }
    throw missing(server);
  }
}

class KeychainStore extends FileBacked implements TokenStore {
  readonly kind = 'keychain';

  constructor(dbPath: string, private readonly encryptor: Encryptor) {
    super(dbPath);
  }

  async save(server: string, token: string): Promise<void> {
    const sealed = await this.encryptor.encryptString(JSON.stringify({ server, token }));
    writePrivate(tokenPath(this.dbPath, server, SEALED_EXT), sealed);
    // A token saved before in the clear (by the CLI) is replaced, not kept beside the sealed one.
    fs.rmSync(tokenPath(this.dbPath, server, PLAIN_EXT), { force: true });
  }

  async load(server: string): Promise<string> {
    const sealed = readIfThere(tokenPath(this.dbPath, server, SEALED_EXT));
    if (sealed === null) {
      const plain = this.loadPlain(server);
      if (plain === null) throw missing(server);
      return plain;
    }
    let parsed: { server?: unknown; token?: unknown };
    try {
      parsed = JSON.parse(await this.encryptor.decryptString(sealed)) as typeof parsed;
    } catch {
      throw damaged(server);
    }
    if (parsed.server !== server || typeof parsed.token !== 'string') throw damaged(server);
    return parsed.token;
  }
}

/** The keychain form when an encryptor is given and can encrypt here, otherwise the 0600 file. */
export async function openTokenStore(dbPath: string, encryptor?: Encryptor): Promise<TokenStore> {
  if (encryptor !== undefined && (await encryptor.isEncryptionAvailable())) return new KeychainStore(dbPath, encryptor);
  return new PlainFileStore(dbPath);
}

/** Whether a token is saved for the server, in either form (no encryptor needed: nothing is read). */
export function hasSavedToken(dbPath: string, server: string): boolean {
  return new PlainFileStore(dbPath).has(server);
}
