import type { Db } from '../db/open';
import { NVL72_DEMO_HALL, NVL72_DEMO_SITE, NVL72_DEMO_STORY, nvl72Host } from './nvl72-hall';
import type { Random } from './random';

/** What the demo's telemetry writer offers this module: one file at a time. */
export interface TelemetrySink {
  write(name: string, format: string, lines: readonly string[]): void;
}

const STEP_MS = 5 * 60_000;
/** Racks of the NVL72 hall whose trays report GPU telemetry (DCGM exporter on every compute tray). */
const GPU_RACKS = ['R01-01', 'R01-02', 'R01-03', 'R01-04'];
/** GB200 GPUs on the direct-liquid loop idle near 35 °C and run at 50–65 °C under training load. */
const GB200_BASE_C = 48;
/** B200 (GB200) board power at full training load, W (the GB200 TGP is 1,200 W). */
const GB200_LOAD_W = 1_050;
/** The XID fires at this share of the span, and the leak detector is wet for the last share of it. */
const XID_AT_SHARE = 0.75;
const LEAK_FROM_SHARE = 0.85;

interface Gpu {
  readonly host: string;
  readonly rack: string;
  readonly uuid: string;
  readonly slot: number;
  readonly bus: string;
  readonly tray: number;
}

function gpusOf(db: Db, racks: readonly string[]): Gpu[] {
  return db
    .prepare(
      `SELECT d.hostname AS host, rk.name AS rack, a.uuid, a.slot, a.pci_bus_id AS bus
       FROM accelerators a JOIN devices d ON d.id = a.device_id JOIN racks rk ON rk.id = d.rack_id
       JOIN rooms rm ON rm.id = rk.room_id JOIN sites st ON st.id = rm.site_id
       WHERE st.code = ? AND rm.name = ? AND rk.name IN (${racks.map(() => '?').join(',')}) AND d.status = 'active'
       ORDER BY rk.name, d.hostname, a.slot`,
    )
    .all(NVL72_DEMO_SITE, NVL72_DEMO_HALL, ...racks)
    .map((row) => {
      const r = row as Omit<Gpu, 'tray'>;
      return { ...r, tray: Number(/-c(\d+)$/.exec(r.host)?.[1] ?? 0) };
    });
}

/**
 * The NVL72 hall's telemetry: a DCGM exporter CSV from the compute trays of four racks (one GPU raises XID 79
 * late in the span: the R01-02 domain drops to 71/72) and the trays' leak detectors of one rack from their
 * BMCs in the long format (one goes wet near the end). Nothing is written when the demo has no NVL72 hall.
 */
export function writeNvl72Telemetry(db: Db, out: TelemetrySink, random: Random, startMs: number, endMs: number): void {
  const site = NVL72_DEMO_SITE.toLowerCase();
  const gpus = gpusOf(db, GPU_RACKS);
  if (gpus.length === 0) return;
  const story = NVL72_DEMO_STORY;
  const xidHost = nvl72Host(NVL72_DEMO_SITE, story.xidGpu.rack, 'c', story.xidGpu.tray);
  const xidFrom = startMs + (endMs - startMs) * XID_AT_SHARE;
  const dcgm = ['timestamp,hostname,uuid,gpu,pci_bus_id,modelName,DCGM_FI_DEV_GPU_TEMP_CELSIUS,DCGM_FI_DEV_MEMORY_TEMP,DCGM_FI_DEV_POWER_USAGE,DCGM_FI_DEV_GPU_UTIL,DCGM_FI_DEV_XID_ERRORS'];
  for (let t = startMs; t <= endMs; t += STEP_MS) {
    const wave = 0.9 + 0.1 * Math.sin(t / (45 * 60_000));
    for (const gpu of gpus) {
      const xid = gpu.host === xidHost && gpu.slot === story.xidGpu.slot && t >= xidFrom ? 79 : 0;
      const temp = GB200_BASE_C + 10 * wave + gpu.slot + random.next() * 2;
      const power = GB200_LOAD_W * wave + random.next() * 40;
      dcgm.push(`${t + gpu.slot * 3},${gpu.host},${gpu.uuid},${gpu.slot},${gpu.bus},NVIDIA-GB200,${temp.toFixed(0)},${(temp + 6).toFixed(0)},${power.toFixed(3)},${Math.round(90 + 9 * random.next())},${xid}`);
    }
  }
  out.write(`${site}-nvl72-dcgm.csv`, 'dcgm-csv', dcgm);

  const leakFrom = startMs + (endMs - startMs) * LEAK_FROM_SHARE;
  const trays = db
    .prepare(
      `SELECT d.hostname FROM devices d JOIN racks rk ON rk.id = d.rack_id JOIN rooms rm ON rm.id = rk.room_id JOIN sites st ON st.id = rm.site_id
       WHERE st.code = ? AND rm.name = ? AND rk.name = ? AND d.role = 'gpu-node' ORDER BY d.u_position`,
    )
    .pluck()
    .all(NVL72_DEMO_SITE, NVL72_DEMO_HALL, story.leakTray.rack) as string[];
  const wetTray = nvl72Host(NVL72_DEMO_SITE, story.leakTray.rack, 'c', story.leakTray.tray);
  const leak = ['timestamp,target,metric,value,unit'];
  for (let t = startMs; t <= endMs; t += STEP_MS) {
    const at = new Date(t).toISOString();
    for (const tray of trays) leak.push(`${at},${tray},leak,${tray === wetTray && t >= leakFrom ? 1 : 0},`);
  }
  out.write(`${site}-nvl72-leak-detectors.csv`, 'long', leak);
}
