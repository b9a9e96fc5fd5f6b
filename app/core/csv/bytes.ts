import { decodeCsvBytes } from './decode';
import { parseCsvText } from './parser';
import type { CsvReadOptions, CsvTable } from './types';

/** Decodes and parses a whole file held in memory (an upload, a fixture). */
export function parseCsvBytes(bytes: Uint8Array, options: CsvReadOptions = {}): CsvTable {
  const { text, encoding } = decodeCsvBytes(bytes);
  return parseCsvText(text, options, encoding);
}
