import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchFoundation } from './foundation';
import { benchAudit } from './audit';
import { benchFloor } from './floor';
import { benchCapacity } from './capacity';
import { benchHeatmap } from './heatmap';
import { benchInventoryImport } from './inventory-import';
import { benchUnderLoad } from './under-load';
import { benchNetbox } from './netbox';

/**
 * `npm run bench`: every capability's speed figure, printed. Nothing here asserts a time; the figures are
 * read by people and compared with the goals the issues set. `npm run bench -- NAME` runs one section.
 */
interface Section {
  readonly name: string;
  readonly run: (dir: string) => Promise<string[]>;
}

/** In issue order; the telemetry import benchmark is its own command (`npm run bench:import`). */
const SECTIONS: readonly Section[] = [
  { name: 'foundation', run: benchFoundation },
  { name: 'inventory-import', run: benchInventoryImport },
  { name: 'floor', run: benchFloor },
  { name: 'heatmap', run: benchHeatmap },
  { name: 'capacity', run: benchCapacity },
  { name: 'audit', run: benchAudit },
  { name: 'under-load', run: benchUnderLoad },
  { name: 'netbox', run: benchNetbox },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floorwalk-bench-'));
  try {
    for (const section of SECTIONS) {
      if (only.length > 0 && !only.includes(section.name)) continue;
      process.stdout.write(`\n== ${section.name}\n`);
      const started = performance.now();
      for (const line of await section.run(dir)) process.stdout.write(`  ${line}\n`);
      process.stdout.write(`  (section took ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
