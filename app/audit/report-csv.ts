import { toCsv, type CsvCell } from '../core/csv/write';
import { describeLocation } from './store';
import type { Location, Reconciliation } from './types';

const HEADER = ['category', 'code', 'kind', 'item', 'expected_at', 'found_at', 'action', 'decision', 'applied', 'scanned_at'];

const where = (location: Location | null): string => (location ? describeLocation(location) : '');

/**
 * The reconciliation as one spreadsheet: a row per matched, missing, misplaced and unknown item, then one
 * per duplicate sighting. Cells are spreadsheet-safe (the shared CSV writer neutralises formulas).
 */
export function reconciliationCsv(recon: Reconciliation): string {
  const rows: CsvCell[][] = [];
  const d = recon.details;
  for (const m of d.matched) rows.push(['matched', m.item.serial ?? m.item.assetTag ?? '', m.item.kind, m.item.label, where(m.at), where(m.at), '', '', '', '']);
  for (const list of [d.missing, d.misplaced, d.unknown]) {
    for (const i of list) {
      rows.push([i.category, i.code, i.item?.kind ?? '', i.item?.label ?? '', where(i.from), where(i.to), i.action, i.decision, i.applied ? 'yes' : 'no', '']);
    }
  }
  for (const dup of d.duplicates) {
    for (const seen of dup.seen) rows.push(['duplicate', dup.code, dup.item?.kind ?? '', dup.item?.label ?? '', '', seen.rack, '', '', '', seen.at]);
  }
  return toCsv(HEADER, rows, { bom: true });
}
