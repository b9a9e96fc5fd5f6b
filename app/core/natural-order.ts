/**
 * "R2" before "R10": names compared as people read them. One collator for the process, because
 * `a.localeCompare(b, 'en', { numeric: true })` builds a new one per call, which made sorting a
 * 10,000-element power chain take longer than analysing it.
 */
const NATURAL = new Intl.Collator('en', { numeric: true });

export function naturalCompare(a: string, b: string): number {
  return NATURAL.compare(a, b);
}
