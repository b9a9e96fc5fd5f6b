/** The audit screens' places: #/audit (start, list, import, labels) and #/audit/<ULID> (one audit). */
export function auditHash(auditId?: string): string {
  return auditId ? `#/audit/${auditId}` : '#/audit';
}

/** The audit id of an #/audit/<id> hash, or null for #/audit; undefined when the hash is not an audit place. */
export function parseAuditHash(hash: string): string | null | undefined {
  const match = /^#\/audit(?:\/([0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}))?\/?(?:\?.*)?$/.exec(hash);
  if (!match) return undefined;
  return match[1] ? match[1].toUpperCase() : null;
}
