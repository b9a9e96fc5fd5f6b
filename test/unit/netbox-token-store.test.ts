import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasSavedToken, openTokenStore } from '../../app/netbox/token-store';
import { aesEncryptor } from '../support/encryptor';
import { tempDir } from '../support/temp';

const SERVER = 'https://netbox.example.com';
const TOKEN = 'nbt_abcdef123456.s3cr3t-v2-token-value';

const tmps: { cleanup: () => void }[] = [];
function dbIn(): { db: string; dir: string } {
  const t = tempDir('fw-tokens-');
  tmps.push(t);
  return { db: path.join(t.dir, 'floorwalk.db'), dir: path.join(t.dir, 'netbox-tokens') };
}
afterEach(() => {
  for (const t of tmps.splice(0)) t.cleanup();
});

describe('NetBox token store', () => {
  it('without a keychain keeps the token in a 0600 file in a 0700 folder, one per server', async () => {
    const { db, dir } = dbIn();
    const store = await openTokenStore(db);
    expect(store.kind).toBe('file');
    expect(store.has(SERVER)).toBe(false);
    await expect(store.load(SERVER)).rejects.toThrow(/No NetBox token is saved for https:\/\/netbox\.example\.com/);
    await store.save(SERVER, TOKEN);
    await store.save('http://127.0.0.1:8000', 'other-token');
    const files = fs.readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.token'))).toHaveLength(2);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(await store.load(SERVER)).toBe(TOKEN);
    expect(hasSavedToken(db, SERVER)).toBe(true);
    expect(store.forget(SERVER)).toBe(true);
    expect(store.has(SERVER)).toBe(false);
    expect(await store.load('http://127.0.0.1:8000')).toBe('other-token');
  });

  it('a damaged file is refused in words, without echoing what it holds', async () => {
    const { db, dir } = dbIn();
    const store = await openTokenStore(db);
    await store.save(SERVER, TOKEN);
    const [file] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, file ?? ''), '{"server":"https://elsewhere","token":"leak-me"}');
    const error = await store.load(SERVER).then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(/cannot be read; give the token again/);
    expect(error?.message).not.toContain('leak-me');
  });

  it('with safeStorage (an injected encryptor) seals the token: the file holds ciphertext only', async () => {
    const { db, dir } = dbIn();
    const encryptor = aesEncryptor();
    const store = await openTokenStore(db, encryptor);
    expect(store.kind).toBe('keychain');
    await store.save(SERVER, TOKEN);
    const files = fs.readdirSync(dir);
    expect(files).toEqual([expect.stringMatching(/\.safe$/)]);
    const onDisk = fs.readFileSync(path.join(dir, files[0] ?? ''));
    expect(onDisk.includes(Buffer.from('s3cr3t'))).toBe(false);
    expect(fs.statSync(path.join(dir, files[0] ?? '')).mode & 0o777).toBe(0o600);
    expect(await store.load(SERVER)).toBe(TOKEN);
    expect(encryptor.calls).toEqual(['encrypt', 'decrypt']);
    // Another key (another user's keychain) cannot open it.
    const stranger = await openTokenStore(db, aesEncryptor());
    await expect(stranger.load(SERVER)).rejects.toThrow(/cannot be read/);
    // The CLI, without the keychain, says where the token is instead of failing obscurely.
    await expect((await openTokenStore(db)).load(SERVER)).rejects.toThrow(/sealed with the desktop app's OS keychain/);
  });

  it('the keychain replaces a token the CLI saved in the clear, and reads one it has not replaced yet', async () => {
    const { db, dir } = dbIn();
    await (await openTokenStore(db)).save(SERVER, 'from-the-cli');
    const store = await openTokenStore(db, aesEncryptor());
    expect(await store.load(SERVER)).toBe('from-the-cli');
    await store.save(SERVER, TOKEN);
    expect(fs.readdirSync(dir)).toEqual([expect.stringMatching(/\.safe$/)]);
    expect(await store.load(SERVER)).toBe(TOKEN);
  });

  it('falls back to the 0600 file where safeStorage cannot encrypt (Linux without a secret service)', async () => {
    const { db } = dbIn();
    const encryptor = aesEncryptor(false);
    const store = await openTokenStore(db, encryptor);
    expect(store.kind).toBe('file');
    await store.save(SERVER, TOKEN);
    expect(await store.load(SERVER)).toBe(TOKEN);
    expect(encryptor.calls).toEqual([]);
  });
});
