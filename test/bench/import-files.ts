import fs from 'node:fs';
import type { Db } from '../../app/db/open';

/**
 * The files `npm run bench:import` imports: one per format, written from a demo inventory's own GPUs, racks
 * and CDUs so the join is exercised, with the units, placeholders and time styles each tool really writes.
 * Each writer streams (bounded buffer) and returns the rows it wrote and the file's header fields, which
 * the sqlite3 shell comparison needs to create its typed table.
 */

export interface BenchInventory {
  readonly gpus: ReadonlyArray<{ uuid: string; host: string; bus: string; slot: number }>;
  readonly racks: ReadonlyArray<{ site: string; room: string; name: string }>;
  readonly cdus: readonly string[];
}

export interface WrittenFile {
  readonly rows: number;
  readonly readingsPerRow: number;
  /** Column names and whether the column holds numbers (REAL in the shell's typed table). */
  readonly columns: ReadonlyArray<{ name: string; real: boolean }>;
}

const WRITE_CHUNK_CHARS = 4 * 1024 * 1024;
const START_MS = Date.UTC(2026, 6, 14, 6, 0, 0);
const STEP_MS = 60_000;
const GPUS_IN_FILE = 4_000;
const RACKS_IN_FILE = 400;

export function benchInventory(db: Db): BenchInventory {
  const gpus = db
    .prepare(
      `SELECT a.uuid AS uuid, d.hostname AS host, coalesce(a.pci_bus_id, '00000000:18:00.0') AS bus, a.slot AS slot
       FROM accelerators a JOIN devices d ON d.id = a.device_id WHERE a.uuid IS NOT NULL AND d.hostname IS NOT NULL ORDER BY a.id LIMIT ?`,
    )
    .all(GPUS_IN_FILE) as Array<{ uuid: string; host: string; bus: string; slot: number }>;
  const racks = db
    .prepare(`SELECT s.code AS site, rm.name AS room, r.name AS name FROM racks r JOIN rooms rm ON rm.id = r.room_id JOIN sites s ON s.id = rm.site_id ORDER BY r.id LIMIT ?`)
    .all(RACKS_IN_FILE) as Array<{ site: string; room: string; name: string }>;
  const cdus = db.prepare(`SELECT s.code || '/' || rm.name || '/' || c.name FROM cooling_units c JOIN rooms rm ON rm.id = c.room_id JOIN sites s ON s.id = rm.site_id WHERE c.kind = 'CDU' ORDER BY c.id`).pluck().all() as string[];
  return { gpus, racks, cdus };
}

class Out {
  private buffer = '';
  private readonly fd: number;
  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }
  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length > WRITE_CHUNK_CHARS) {
      fs.writeSync(this.fd, this.buffer);
      this.buffer = '';
    }
  }
  close(): void {
    fs.writeSync(this.fd, this.buffer);
    fs.closeSync(this.fd);
  }
}

function noiseSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** nvidia-smi's own time style, `2026/07/14 15:10:00.100` (host local time). */
function nvsmiTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

const text = (name: string): { name: string; real: boolean } => ({ name, real: false });
const real = (name: string): { name: string; real: boolean } => ({ name, real: true });

/** `nvidia-smi --query-gpu=timestamp,uuid,temperature.gpu,temperature.memory,power.draw,utilization.gpu,clocks.sm --format=csv,nounits -l 60`. */
export function writeNvidiaSmi(file: string, inv: BenchInventory, rows: number): WrittenFile {
  const out = new Out(file);
  out.write('timestamp, uuid, temperature.gpu, temperature.memory, power.draw [W], utilization.gpu [%], clocks.sm [MHz]\n');
  const noise = noiseSource(11);
  let written = 0;
  for (let step = 0; written < rows; step++) {
    const base = START_MS + step * STEP_MS;
    for (let g = 0; g < inv.gpus.length && written < rows; g++, written++) {
      const gpu = inv.gpus[g]!;
      const load = 0.6 + 0.4 * noise();
      out.write(`${nvsmiTime(base + g % 1000)}, ${gpu.uuid}, ${Math.round(45 + 30 * load)}, ${Math.round(40 + 35 * load)}, ${(300 + 400 * load).toFixed(2)}, ${Math.round(100 * load)}, ${1980 - Math.round(300 * noise() * noise())}\n`);
    }
  }
  out.close();
  return { rows: written, readingsPerRow: 5, columns: [text('timestamp'), text('uuid'), real('temp'), real('mem_temp'), real('power'), real('util'), real('clock')] };
}

const DCGM_FAMILIES: ReadonlyArray<{ name: string; help: string; value: (load: number, noise: () => number) => string }> = [
  { name: 'DCGM_FI_DEV_GPU_TEMP', help: 'GPU temperature (in C).', value: (load) => String(Math.round(45 + 30 * load)) },
  { name: 'DCGM_FI_DEV_MEMORY_TEMP', help: 'Memory temperature (in C).', value: (load) => String(Math.round(40 + 35 * load)) },
  { name: 'DCGM_FI_DEV_POWER_USAGE', help: 'Power draw (in W).', value: (load) => (300 + 400 * load).toFixed(6) },
  { name: 'DCGM_FI_DEV_GPU_UTIL', help: 'GPU utilization (in %).', value: (load) => String(Math.round(100 * load)) },
  { name: 'DCGM_FI_DEV_SM_CLOCK', help: 'SM clock frequency (in MHz).', value: (_load, noise) => String(1980 - Math.round(300 * noise() * noise())) },
];

/** dcgm-exporter `/metrics` scrapes appended one after the other, each after a `date -u -Iseconds` line. */
export function writeDcgmText(file: string, inv: BenchInventory, rows: number): WrittenFile {
  const out = new Out(file);
  const noise = noiseSource(12);
  let written = 0;
  for (let step = 0; written < rows; step++) {
    out.write(`${new Date(START_MS + step * STEP_MS).toISOString().replace('.000Z', 'Z')}\n`);
    for (const family of DCGM_FAMILIES) {
      out.write(`# HELP ${family.name} ${family.help}\n# TYPE ${family.name} gauge\n`);
      for (let g = 0; g < inv.gpus.length && written < rows; g++, written++) {
        const gpu = inv.gpus[g]!;
        out.write(`${family.name}{gpu="${gpu.slot}",UUID="${gpu.uuid}",Hostname="${gpu.host}"} ${family.value(0.6 + 0.4 * noise(), noise)}\n`);
      }
    }
  }
  out.close();
  return { rows: written, readingsPerRow: 1, columns: [text('name_gpu'), text('uuid'), text('host_value')] };
}

/** dcgm-exporter flattened to CSV (labels as columns, epoch-ms timestamps). */
export function writeDcgmCsv(file: string, inv: BenchInventory, rows: number): WrittenFile {
  const out = new Out(file);
  out.write('timestamp,Hostname,UUID,gpu,modelName,DCGM_FI_DEV_GPU_TEMP,DCGM_FI_DEV_MEMORY_TEMP,DCGM_FI_DEV_POWER_USAGE,DCGM_FI_DEV_GPU_UTIL,DCGM_FI_DEV_SM_CLOCK\n');
  const noise = noiseSource(13);
  let written = 0;
  for (let step = 0; written < rows; step++) {
    const at = START_MS + step * STEP_MS;
    for (let g = 0; g < inv.gpus.length && written < rows; g++, written++) {
      const gpu = inv.gpus[g]!;
      const load = 0.6 + 0.4 * noise();
      out.write(`${at},${gpu.host},${gpu.uuid},${gpu.slot},NVIDIA-H100,${Math.round(45 + 30 * load)},${Math.round(40 + 35 * load)},${(300 + 400 * load).toFixed(6)},${Math.round(100 * load)},${1980 - Math.round(300 * noise() * noise())}\n`);
    }
  }
  out.close();
  return {
    rows: written,
    readingsPerRow: 5,
    columns: [real('timestamp'), text('host'), text('uuid'), real('gpu'), text('model'), real('temp'), real('mem_temp'), real('power'), real('util'), real('clock')],
  };
}

/** A rack environment monitor / PDU export: site, room and cabinet columns, local times, units in names and values. */
export function writeRackEnv(file: string, inv: BenchInventory, rows: number): WrittenFile {
  const out = new Out(file);
  out.write('Site,Room,Cabinet,Timestamp,Inlet Temperature (°C),Exhaust Temperature (°C),Relative Humidity (%),Power (kW),State\n');
  const noise = noiseSource(14);
  let written = 0;
  for (let step = 0; written < rows; step++) {
    const at = new Date(START_MS + step * STEP_MS).toISOString().slice(0, 19).replace('T', ' ');
    for (let r = 0; r < inv.racks.length && written < rows; r++, written++) {
      const rack = inv.racks[r]!;
      out.write(`${rack.site},${rack.room},${rack.name},${at},${(22 + 6 * noise()).toFixed(1)},${(35 + 8 * noise()).toFixed(1)},${Math.round(35 + 10 * noise())},${(30 + 15 * noise()).toFixed(2)},Normal\n`);
    }
  }
  out.close();
  return { rows: written, readingsPerRow: 4, columns: [text('site'), text('room'), text('cabinet'), text('ts'), real('inlet'), real('exhaust'), real('rh'), real('power'), text('state')] };
}

/** A CDU's Redfish-derived export: both loops' temperatures, flow, pressures, heat and pump speed. */
export function writeCdu(file: string, inv: BenchInventory, rows: number): WrittenFile {
  const out = new Out(file);
  out.write('Timestamp,CDU,SupplyTemperatureCelsius,ReturnTemperatureCelsius,DeltaTemperatureCelsius,FlowLitersPerMinute,SupplyPressurekPa,ReturnPressurekPa,DeltaPressurekPa,HeatRemovedkW,PumpSpeedPercent,LeakDetectorState\n');
  const noise = noiseSource(15);
  const cdus = inv.cdus.length > 0 ? inv.cdus : ['CDU-1'];
  let written = 0;
  for (let step = 0; written < rows; step++) {
    const at = new Date(START_MS + step * 10_000).toISOString();
    for (let c = 0; c < cdus.length && written < rows; c++, written++) {
      const supply = 28 + 4 * noise();
      const ret = supply + 8 + 4 * noise();
      const sp = 300 + 20 * noise();
      const rp = 220 + 20 * noise();
      out.write(`${at},${cdus[c]!},${supply.toFixed(1)},${ret.toFixed(1)},${(ret - supply).toFixed(1)},${(400 + 100 * noise()).toFixed(1)},${sp.toFixed(1)},${rp.toFixed(1)},${(sp - rp).toFixed(1)},${(250 + 100 * noise()).toFixed(1)},${Math.round(50 + 30 * noise())},OK\n`);
    }
  }
  out.close();
  return {
    rows: written,
    readingsPerRow: 10,
    columns: [text('ts'), text('cdu'), real('supply'), real('return'), real('delta'), real('flow'), real('sp'), real('rp'), real('dp'), real('heat'), real('pump'), text('leak')],
  };
}

/** The long format: `timestamp,target,metric,value,unit`, GPUs by UUID and racks by SITE/ROOM/NAME, units to convert. */
export function writeLong(file: string, inv: BenchInventory, rows: number): WrittenFile {
  const out = new Out(file);
  out.write('timestamp,target,metric,value,unit\n');
  const noise = noiseSource(12345);
  const gpus = inv.gpus.slice(0, 1_600);
  const racks = inv.racks.slice(0, 100).map((r) => `${r.site}/${r.room}/${r.name}`);
  let written = 0;
  for (let step = 0; written < rows; step++) {
    const at = new Date(START_MS + step * STEP_MS).toISOString();
    for (let g = 0; g < gpus.length && written < rows; g++) {
      const uuid = gpus[g]!.uuid;
      const load = 0.6 + 0.4 * noise();
      out.write(
        `${at},${uuid},gpu_temp_c,${(45 + 30 * load).toFixed(1)},C\n${at},${uuid},gpu_power_w,${(300 + 400 * load).toFixed(2)},W\n${at},${uuid},hbm_temp_c,${(40 + 35 * load).toFixed(1)},C\n` +
          `${at},${uuid},gpu_util_pct,${Math.round(100 * load)},%\n${at},${uuid},sm_clock_mhz,${1980 - Math.round(300 * noise() * noise())},MHz\n`,
      );
      written += 5;
    }
    for (let r = 0; r < racks.length && written < rows; r++) {
      out.write(`${at},${racks[r]!},inlet_temp_c,${(72 + 8 * noise()).toFixed(1)},°F\n${at},${racks[r]!},rack_power_w,${(30 + 15 * noise()).toFixed(2)},kW\n`);
      written += 2;
    }
  }
  out.close();
  return { rows: written, readingsPerRow: 1, columns: [text('timestamp'), text('target'), text('metric'), real('value'), text('unit')] };
}

/** A Grafana panel download in the table layout (Inspect → Data → Download CSV): `Time`, `__name__`, labels, `Value`. */
export function writeGrafana(file: string, inv: BenchInventory, rows: number): WrittenFile {
  const out = new Out(file);
  out.write('"Time","__name__","Hostname","UUID","gpu","instance","job","Value"\n');
  const noise = noiseSource(16);
  let written = 0;
  for (let step = 0; written < rows; step++) {
    const at = START_MS + step * STEP_MS;
    for (let g = 0; g < inv.gpus.length && written < rows; g++) {
      const gpu = inv.gpus[g]!;
      const load = 0.6 + 0.4 * noise();
      out.write(`${at},DCGM_FI_DEV_GPU_TEMP,${gpu.host},${gpu.uuid},${gpu.slot},10.20.0.11:9400,dcgm-exporter,${Math.round(45 + 30 * load)}\n`);
      out.write(`${at},DCGM_FI_DEV_POWER_USAGE,${gpu.host},${gpu.uuid},${gpu.slot},10.20.0.11:9400,dcgm-exporter,${(300 + 400 * load).toFixed(3)}\n`);
      written += 2;
    }
  }
  out.close();
  return { rows: written, readingsPerRow: 1, columns: [real('time'), text('name'), text('host'), text('uuid'), real('gpu'), text('instance'), text('job'), real('value')] };
}
