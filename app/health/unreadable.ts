import type { Db } from '../db/open';
import { normaliseBusId } from '../telemetry/map/identity';
import { gpuFinding } from './gpu-signals';
import type { GpuTarget } from './place';
import type { HealthFinding } from './types';

export interface UnreadableGpu {
  readonly line: number;
  readonly host: string | null;
  readonly busId: string | null;
  readonly message: string;
}

/**
 * Keeps what an import said about GPUs it could not read, one row per GPU (its first line), matched to
 * the slot by host + PCI bus id when the inventory has both. Called after the import committed.
 */
export function recordUnreadable(db: Db, importId: number, gpus: readonly UnreadableGpu[]): number {
  if (gpus.length === 0) return 0;
  const seen = new Set<string>();
  const find = db.prepare(
    `SELECT a.id, a.pci_bus_id AS bus FROM accelerators a JOIN devices d ON d.id = a.device_id
     WHERE d.hostname = @host OR d.hostname LIKE @host || '.%' OR @host LIKE d.hostname || '.%'`,
  );
  const insert = db.prepare('INSERT INTO telemetry_unreadable (import_id, line, host, bus_id, message, accelerator_id) VALUES (?, ?, ?, ?, ?, ?)');
  let stored = 0;
  db.transaction(() => {
    for (const gpu of gpus) {
      const bus = gpu.busId === null ? null : normaliseBusId(gpu.busId);
      const key = `${gpu.host ?? ''}|${bus ?? gpu.busId ?? gpu.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let acceleratorId: number | null = null;
      if (gpu.host !== null && bus !== null) {
        const rows = find.all({ host: gpu.host }) as Array<{ id: number; bus: string | null }>;
        acceleratorId = rows.find((r) => r.bus !== null && normaliseBusId(r.bus) === bus)?.id ?? null;
      }
      insert.run(importId, gpu.line, gpu.host, bus ?? gpu.busId, gpu.message, acceleratorId);
      stored += 1;
    }
  })();
  return stored;
}

interface UnreadableRow {
  readonly gpuId: number;
  readonly line: number;
  readonly host: string | null;
  readonly busId: string | null;
  readonly message: string;
  readonly file: string;
  readonly importedAt: string;
}

/** GPUs the newest file about them could not read; a later import that read the GPU again clears it. */
export function unreadableFindings(db: Db, targets: ReadonlyMap<number, GpuTarget>): Array<Omit<HealthFinding, 'rmaCase'>> {
  const byGpu = new Map<number, GpuTarget>();
  for (const target of targets.values()) if (target.gpuId !== null) byGpu.set(target.gpuId, target);
  const rows = db
    .prepare(
      `SELECT u.accelerator_id AS gpuId, u.line, u.host, u.bus_id AS busId, u.message, i.file, i.at AS importedAt
       FROM telemetry_unreadable u JOIN telemetry_imports i ON i.id = u.import_id
       WHERE u.accelerator_id IS NOT NULL
         AND u.import_id = (SELECT max(u2.import_id) FROM telemetry_unreadable u2 WHERE u2.accelerator_id = u.accelerator_id)
         AND NOT EXISTS (SELECT 1 FROM telemetry_targets t WHERE t.kind = 'accelerator' AND t.entity_id = u.accelerator_id AND t.last_import_id > u.import_id)`,
    )
    .all() as UnreadableRow[];
  const out: Array<Omit<HealthFinding, 'rmaCase'>> = [];
  for (const row of rows) {
    const target = byGpu.get(row.gpuId);
    if (!target) continue;
    out.push(
      gpuFinding(
        target,
        'unreadable',
        'critical',
        /reset/i.test(row.message) ? 'GPU requires reset' : 'GPU unreadable (NVML could not reach it)',
        'Drain the node; check the kernel log for XID 79/119, then reset or power-cycle. A GPU that stays unreadable after a power cycle is an RMA candidate.',
        { message: row.message, line: row.line, host: row.host, busId: row.busId, importedAt: row.importedAt, unreadableFile: row.file },
      ),
    );
  }
  return out;
}
