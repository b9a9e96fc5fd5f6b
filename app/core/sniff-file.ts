import fs from 'node:fs/promises';
import { refuseBinary, SNIFF_BYTES } from './sniff';

/**
 * refuseBinary over the first bytes of a file on disk. A file that cannot be opened is left to the reader
 * that follows, which says why in its own words.
 */
export async function refuseBinaryFile(file: string, name: string, expected: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return;
  }
  try {
    const buffer = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    refuseBinary(buffer.subarray(0, bytesRead), name, expected);
  } finally {
    await handle.close();
  }
}
