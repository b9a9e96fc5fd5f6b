import crypto from 'node:crypto';
import type { Encryptor } from '../../app/netbox/token-store';

/**
 * Stands in for Electron's safeStorage, which exists only inside Electron's main process: real AES-256-GCM with
 * a key that lives in this object (the OS keychain's part), so the file on disk holds ciphertext only.
 */
export function aesEncryptor(available = true): Encryptor & { calls: string[] } {
  const key = crypto.randomBytes(32);
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      calls.push('encrypt');
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      calls.push('decrypt');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
