import path from 'node:path';
import { openDatabase } from '../../app/db/open';
import { generateDemo } from '../../app/demo/generate';
import { DbWorkerClient } from '../../main/worker/db-client';
import { formatMs, percentiles } from './stats';

/** The load: a 2M-row telemetry import while the console searches and a technician scans. */
const IMPORT_ROWS = 2_000_000;
const UNDER_LOAD_ACCELERATORS = 20_000;
/** The console's search rate while the import runs (one query in flight at a time, like typing). */
const SEARCH_GAP_MS = 20;
const SCAN_GAP_MS = 250;

function telemetryText(hosts: readonly string[]): string {
  const lines = ['timestamp,target,metric,value'];
  const startMs = Date.UTC(2026, 0, 1);
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const host = hosts[i % hosts.length] ?? 'unknown';
    lines.push(`${startMs + Math.floor(i / hosts.length) * 60_000},${host},inlet_temp_c,${(20 + (i % 70) / 10).toFixed(1)}`);
  }
  return lines.join('\n');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Search and scan latency while the writer imports, through the same worker pool the shells use. Printed,
 * never asserted: the goals (search p95 < 50 ms, a scan stored < 1 s) are read by people.
 */
export async function benchUnderLoad(dir: string): Promise<string[]> {
  const file = path.join(dir, 'under-load.db');
  const seed = openDatabase(file, { create: true });
  generateDemo(seed, { accelerators: UNDER_LOAD_ACCELERATORS, seed: 12 });
  const hosts = (seed.prepare('SELECT hostname FROM devices WHERE hostname IS NOT NULL LIMIT 2000').all() as Array<{ hostname: string }>).map((row) => row.hostname);
  const rack = (seed.prepare('SELECT asset_tag AS tag FROM racks WHERE asset_tag IS NOT NULL ORDER BY id LIMIT 1').get() as { tag: string }).tag;
  const serial = (seed.prepare('SELECT serial FROM devices WHERE serial IS NOT NULL LIMIT 1').get() as { serial: string } | undefined)?.serial ?? 'SN-BENCH';
  seed.close();
  const text = telemetryText(hosts);

  const client = await DbWorkerClient.start({ dbPath: file, create: false }, path.join(__dirname, '..', 'main', 'db-worker.js'));
  try {
    const { audit } = (await client.call('audit.start', { scope: { kind: 'racks', racks: [rack] }, technician: 'bench' }, 'bench')) as { audit: string };
    let importing = true;
    const importStartedMs = performance.now();
    const imported = client.call('telemetry.import', { source: { text, name: 'load.csv' }, format: 'long' }, 'bench').finally(() => {
      importing = false;
    });
    const searches: number[] = [];
    const scans: number[] = [];
    const terms = ['gpu', 'h100', 'r01', 'dub', 'node', 'cdu'];
    const searchLoop = (async () => {
      for (let i = 0; importing; i++) {
        const startedMs = performance.now();
        await client.call('inventory.search', { query: terms[i % terms.length] ?? 'gpu' }, 'bench');
        if (importing) searches.push(performance.now() - startedMs);
        await sleep(SEARCH_GAP_MS);
      }
    })();
    const scanLoop = (async () => {
      while (importing) {
        await sleep(SCAN_GAP_MS);
        if (!importing) break;
        const startedMs = performance.now();
        await client.call('audit.scan', { audit, code: serial, rack }, 'bench');
        scans.push(performance.now() - startedMs);
      }
    })();
    await Promise.all([imported, searchLoop, scanLoop]);
    const importMs = performance.now() - importStartedMs;
    const s = percentiles(searches);
    const c = percentiles(scans);
    return [
      `import of ${IMPORT_ROWS.toLocaleString('en-US')} telemetry rows: ${(importMs / 1000).toFixed(1)} s (read pool: ${client.readerCount} readers)`,
      `search during the import: p50 ${formatMs(s.median)}, p95 ${formatMs(s.p95)}, max ${formatMs(s.max)} over ${searches.length} searches (goal p95 < 50 ms)`,
      scans.length > 0
        ? `scan stored during the import: p50 ${formatMs(c.median)}, p95 ${formatMs(c.p95)}, max ${formatMs(c.max)} over ${scans.length} scans (goal < 1 s)`
        : 'scan stored during the import: no scan was sent while the import ran',
    ];
  } finally {
    await client.close();
  }
}
