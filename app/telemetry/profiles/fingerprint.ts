import { createHash } from 'node:crypto';

/**
 * A header's fingerprint: the same columns in the same order give the same fingerprint, whatever the
 * BOM, the quoting or the spacing (an Excel re-save). Case counts: a profile's corrections name columns by
 * their exact text, so a header in other case is another header. Pure.
 */

/** Hex characters kept of the SHA-256: 64 bits, far more than the headers a site ever sees. */
const FINGERPRINT_HEX_CHARS = 16;

export function normaliseHeaderCell(cell: string): string {
  return cell.replace(/^\ufeff/, '').replace(/^"|"$/g, '').trim().replace(/\s+/g, ' ');
}

export function headerFingerprint(header: readonly string[]): string | null {
  const cells = header.map(normaliseHeaderCell);
  if (cells.every((c) => c === '')) return null;
  return createHash('sha256').update(cells.join('\u001f')).digest('hex').slice(0, FINGERPRINT_HEX_CHARS);
}
