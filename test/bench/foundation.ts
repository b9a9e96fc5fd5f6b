import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../app/db/open';
import { generateDemo } from '../../app/demo/generate';
import { search } from '../../app/inventory/search';
import { Random } from '../../app/demo/random';
import { formatMs, percentiles } from './stats';

export const FOUNDATION_ACCELERATORS = 600_000;
const SEARCH_SAMPLES = 1_000;

/**
 * Issue 2's figures: demo generation time and file size at 600,000 accelerators, then search latency
 * (median, p95) over 1,000 random GPU serials, GPU UUIDs, device asset tags and hostname prefixes.
 */
export async function benchFoundation(dir: string): Promise<string[]> {
  const file = path.join(dir, 'bench-600k.db');
  const started = performance.now();
  const db = openDatabase(file, { create: true });
  const counts = generateDemo(db, { accelerators: FOUNDATION_ACCELERATORS, seed: 7 });
  db.pragma('wal_checkpoint(TRUNCATE)');
  const seconds = (performance.now() - started) / 1000;
  const bytes = fs.statSync(file).size;

  const random = new Random(42);
  const maxAccelerator = db.prepare('SELECT max(id) FROM accelerators').pluck().get() as number;
  const maxDevice = db.prepare('SELECT max(id) FROM devices').pluck().get() as number;
  const acceleratorById = db.prepare('SELECT serial, uuid FROM accelerators WHERE id = ?');
  const deviceById = db.prepare('SELECT asset_tag, hostname FROM devices WHERE id = ?');
  const queries: string[] = [];
  while (queries.length < SEARCH_SAMPLES) {
    const pick = queries.length % 4;
    if (pick < 2) {
      const row = acceleratorById.get(random.int(1, maxAccelerator)) as { serial: string; uuid: string } | undefined;
      if (row) queries.push(pick === 0 ? row.serial : row.uuid);
    } else {
      const row = deviceById.get(random.int(1, maxDevice)) as { asset_tag: string; hostname: string | null } | undefined;
      if (row) queries.push(pick === 2 ? row.asset_tag : (row.hostname ?? row.asset_tag).slice(0, 12));
    }
  }
  search(db, queries[0] ?? 'warm-up');
  const timings: number[] = [];
  let found = 0;
  for (const query of queries) {
    const t0 = performance.now();
    const hits = search(db, query);
    timings.push(performance.now() - t0);
    if (hits.length > 0) found++;
  }
  db.close();
  const { median, p95, max } = percentiles(timings);
  return [
    `demo: ${counts.accelerators.toLocaleString('en-US')} accelerators, ${counts.devices.toLocaleString('en-US')} devices, ${counts.racks.toLocaleString('en-US')} racks in ${seconds.toFixed(1)} s (goal < 60 s)`,
    `database size: ${(bytes / 1e6).toFixed(0)} MB`,
    `search over ${SEARCH_SAMPLES.toLocaleString('en-US')} random serials/UUIDs/tags/hostnames: median ${formatMs(median)}, p95 ${formatMs(p95)}, max ${formatMs(max)} (goal: median < 10 ms); ${found}/${SEARCH_SAMPLES} found`,
  ];
}
