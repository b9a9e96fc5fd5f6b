import { CSV_DELIMITERS, type CsvDelimiter } from './types';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** Lines of the sample that take part in the vote; more adds time, not certainty. */
export const SNIFF_MAX_LINES = 20;

/**
 * Picks the delimiter of a sample by counting each candidate outside quotes on every line. The header
 * line decides; a candidate that appears the same number of times on every following line beats one that
 * does not (a `;` inside a free-text column of a comma file must not win). Nothing found means comma.
 */
export function sniffDelimiter(sample: string, complete: boolean): CsvDelimiter {
  const codes = CSV_DELIMITERS.map((d) => d.charCodeAt(0));
  const perLine: number[][] = [];
  let counts = codes.map(() => 0);
  let inQuotes = false;
  let lineHasText = false;
  for (let i = 0; i < sample.length && perLine.length < SNIFF_MAX_LINES; i++) {
    const c = sample.charCodeAt(i);
    if (c === QUOTE) {
      inQuotes = !inQuotes;
      lineHasText = true;
    } else if (!inQuotes && (c === LF || c === CR)) {
      if (c === CR && sample.charCodeAt(i + 1) === LF) i++;
      if (lineHasText) perLine.push(counts);
      counts = codes.map(() => 0);
      lineHasText = false;
    } else {
      lineHasText = true;
      if (!inQuotes) {
        const k = codes.indexOf(c);
        if (k >= 0) counts[k] = (counts[k] ?? 0) + 1;
      }
    }
  }
  // The last line counts only when it is known to be whole.
  if (complete && lineHasText && perLine.length < SNIFF_MAX_LINES) perLine.push(counts);
  if (perLine.length === 0 && lineHasText) perLine.push(counts);

  const header = perLine[0];
  if (!header) return ',';
  let best: { delimiter: CsvDelimiter; consistent: boolean; count: number } | null = null;
  for (let k = 0; k < CSV_DELIMITERS.length; k++) {
    const delimiter = CSV_DELIMITERS[k] as CsvDelimiter;
    const count = header[k] ?? 0;
    if (count === 0) continue;
    const consistent = perLine.every((line) => (line[k] ?? 0) === count);
    if (best === null || (consistent && !best.consistent) || (consistent === best.consistent && count > best.count)) {
      best = { delimiter, consistent, count };
    }
  }
  return best?.delimiter ?? ',';
}
