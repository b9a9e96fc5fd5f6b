import fs from 'node:fs';
import path from 'node:path';
import { runFloorwalk, runJson } from '../support/cli';

/**
 * Makes objects offline the way a technician does — Floorwalk CSV imports — by copying the first exported row
 * of a kind and changing the named columns. The values here carry no commas or quotes, so a split is enough.
 */
export function importLike(db: string, dir: string, kind: 'racks' | 'devices' | 'accelerators', rows: Record<string, string>[], reason: string): void {
  const exported = runFloorwalk(['export', 'inventory', '--kind', kind, '--out', '-', '--db', db]);
  if (exported.code !== 0) throw new Error(`export ${kind}: ${exported.stderr}`);
  const [headerLine = '', firstLine = ''] = exported.stdout.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = headerLine.split(',');
  const template = firstLine.split(',');
  const lines = rows.map((changes) => header.map((column, i) => changes[column] ?? template[i] ?? '').join(','));
  const file = path.join(dir, `offline-${kind}-${Date.now()}.csv`);
  fs.writeFileSync(file, [header.join(','), ...lines].join('\n') + '\n');
  runJson(['import', 'inventory', file, '--kind', kind, '--reason', reason, '--db', db]);
}
