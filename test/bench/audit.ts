import path from 'node:path';
import { openDatabase, type Db } from '../../app/db/open';
import { generateDemo } from '../../app/demo/generate';
import { exportAudit, importAudit } from '../../app/audit/bundle';
import { labelSheet } from '../../app/audit/labels';
import { setRackDone } from '../../app/audit/progress';
import { finishAudit } from '../../app/audit/reconcile';
import { reconciliationHtml } from '../../app/audit/report-html';
import { scanCode } from '../../app/audit/scan';
import { startAudit } from '../../app/audit/start';
import { formatMs, percentiles } from './stats';

const AUDIT_BENCH_ACCELERATORS = 100_000;
const COMMIT_SAMPLES = 300;
/** Enough scans for stable latency figures while the whole section stays well under a minute. */
const WALK_SCANS = 2_000;

function time<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

/** One-row commits under synchronous=FULL and NORMAL: the price of "acknowledged = durable" per scan. */
function commitCost(db: Db): string {
  db.exec('CREATE TABLE IF NOT EXISTS bench_commit (n INTEGER)');
  const insert = db.prepare('INSERT INTO bench_commit (n) VALUES (?)');
  const run = (mode: 'FULL' | 'NORMAL'): number => {
    db.pragma(`synchronous = ${mode}`);
    const samples: number[] = [];
    for (let i = 0; i < COMMIT_SAMPLES; i++) samples.push(time(() => db.transaction(() => insert.run(i)).immediate()).ms);
    return percentiles(samples).median;
  };
  const full = run('FULL');
  const normal = run('NORMAL');
  db.exec('DROP TABLE bench_commit');
  return `one-row commit, median: synchronous=FULL ${formatMs(full)}, NORMAL ${formatMs(normal)} (the fsync a durable scan pays)`;
}

/**
 * Issue 7's figures on a 100,000-GPU demo: freezing the largest hall (devices and GPUs), a walk of its first
 * racks, 2,000 items scanned one by one (each a durable commit: latency median / p95), the reconciliation,
 * the HTML report, the bundle export and its import into a copy (the second laptop), and a label sheet.
 */
export async function benchAudit(dir: string): Promise<string[]> {
  const file = path.join(dir, 'bench-audit.db');
  const db = openDatabase(file, { create: true });
  generateDemo(db, { accelerators: AUDIT_BENCH_ACCELERATORS, seed: 3 });
  const room = db
    .prepare(
      `SELECT s.code || '/' || rm.name AS name, rm.id FROM rooms rm JOIN sites s ON s.id = rm.site_id
       ORDER BY (SELECT count(*) FROM racks r WHERE r.room_id = rm.id) DESC LIMIT 1`,
    )
    .get() as { name: string; id: number };
  const lines: string[] = [];
  // The technician's laptop: a copy of the inventory taken before the audit, which the bundle is imported into.
  const laptopFile = path.join(dir, 'bench-audit-laptop.db');
  db.exec(`VACUUM INTO '${laptopFile.replace(/'/g, "''")}'`);

  const started = time(() => startAudit(db, { scope: { kind: 'room', room: room.name }, technician: 'bench', includeAccelerators: true }));
  const audit = started.value.audit;
  lines.push(`start (freeze ${room.name}): ${started.value.expected.toLocaleString('en-US')} items in ${formatMs(started.ms)}`);

  const racks = db.prepare('SELECT id, asset_tag FROM racks WHERE room_id = ? ORDER BY id').all(room.id) as Array<{ id: number; asset_tag: string }>;
  const samples: number[] = [];
  let walked = 0;
  const walk = time(() => {
    for (const rack of racks) {
      if (samples.length >= WALK_SCANS) break;
      samples.push(time(() => scanCode(db, audit, { code: rack.asset_tag }, 'bench')).ms);
      const codes = [
        ...(db.prepare('SELECT asset_tag FROM devices WHERE rack_id = ?').pluck().all(rack.id) as string[]),
        ...(db.prepare('SELECT g.serial FROM accelerators g JOIN devices d ON d.id = g.device_id WHERE d.rack_id = ?').pluck().all(rack.id) as string[]),
      ];
      for (const code of codes) samples.push(time(() => scanCode(db, audit, { code }, 'bench')).ms);
      setRackDone(db, audit, String(rack.id), true, 'bench');
      walked++;
    }
  });
  const scanStats = percentiles(samples);
  lines.push(
    `scans: ${samples.length.toLocaleString('en-US')} durable scans (${walked} racks walked and marked done) in ${(walk.ms / 1000).toFixed(1)} s; ` +
      `per scan median ${formatMs(scanStats.median)}, p95 ${formatMs(scanStats.p95)}, max ${formatMs(scanStats.max)}`,
  );
  lines.push(commitCost(db));

  const recon = time(() => finishAudit(db, audit, 'bench'));
  lines.push(`reconciliation: ${formatMs(recon.ms)} (${recon.value.matched.toLocaleString('en-US')} matched, ${recon.value.missing.toLocaleString('en-US')} missing)`);
  const html = time(() => reconciliationHtml(db, recon.value, new Date().toISOString()));
  lines.push(`HTML report: ${formatMs(html.ms)}, ${(html.value.length / 1024).toFixed(0)} KiB`);
  const bundle = time(() => exportAudit(db, audit));
  lines.push(`export bundle: ${formatMs(bundle.ms)}, ${(bundle.value.text.length / 1024 / 1024).toFixed(1)} MiB`);

  const laptop = openDatabase(laptopFile);
  const imported = time(() => importAudit(laptop, bundle.value.text, 'bench.json'));
  const again = time(() => importAudit(laptop, bundle.value.text, 'bench.json'));
  laptop.close();
  lines.push(`import bundle into a copy: ${formatMs(imported.ms)} (new audit); again ${formatMs(again.ms)} (unchanged: ${String(again.value.unchanged)})`);

  const labels = time(() => labelSheet(db, { room: room.name, devices: false }));
  lines.push(`label sheet of the hall's racks: ${labels.value.labels.toLocaleString('en-US')} QR labels in ${formatMs(labels.ms)}`);
  db.close();
  return lines;
}
