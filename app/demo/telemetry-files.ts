import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { writeNvl72Telemetry } from './nvl72-telemetry';
import { Random } from './random';

/**
 * Realistic telemetry files for the demo inventory, in every format the importer reads, with the real
 * UUIDs, serials, hostnames, bus ids, rack/sensor/CDU names of the database: a few hours at 1–5 minute
 * intervals ending at `endMs`. The story they tell, for the heatmap and the findings: two hot racks per
 * site (inlet above 27 °C, hot GPUs), one GPU throttling (HW thermal slowdown, negative T.Limit), one CDU
 * with low flow and a high ΔT, one sensor that goes silent, one GPU that dies (an NVML error line), one
 * GPU its host never lists, and two GPUs on a host the inventory does not have.
 *
 *   PHX1  nvidia-smi via pdsh (US Excel habits elsewhere: °F, MM/DD/YYYY, AM/PM), rack environment, PDU kW
 *   DUB2  DCGM Prometheus scrapes with `date` lines; CDU (Redfish names) and sensors re-saved by Excel in a
 *         comma-decimal locale: BOM, `sep=;`, `;`, decimal commas, dd.mm.yyyy local time, CRLF; PDU kW of
 *         every rack, with each CDU's heat following its loop's racks (so heat balance has both sides)
 *   SIN1  DCGM flattened CSV (epoch ms); CDU export in gal/min and psi with Modbus sentinels
 *   ODN1  the generic long format
 */

export interface DemoTelemetryOptions {
  readonly outDir: string;
  /** The newest reading, epoch ms (floored to the interval). */
  readonly endMs: number;
  readonly hours?: number;
  readonly seed?: number;
}

export interface DemoTelemetryFile {
  readonly file: string;
  readonly format: string;
  readonly rows: number;
  readonly bytes: number;
}

const DEFAULT_HOURS = 3;
const GPU_STEP_MS = 2 * 60_000;
const ENV_STEP_MS = 5 * 60_000;
const CDU_STEP_MS = 60_000;
const MINUTE_MS = 60_000;
/** Racks per site whose servers report GPU telemetry: keeps the files a few MB whatever the demo size. */
const GPU_RACKS_PER_SITE = 4;
/** Racks per site in the environment and PDU exports. */
const ENV_RACKS_PER_SITE = 24;
const HOT_RACK_INDEXES = [2, 3];
/** Hopper maximum operating temperature, °C: T.Limit is the margin to it. */
const MAX_OPERATING_C = 87;

interface SiteRow {
  readonly id: number;
  readonly code: string;
  readonly timezone: string;
}

interface RackRow {
  readonly id: number;
  readonly name: string;
  readonly room: string;
}

interface GpuRow {
  readonly uuid: string;
  readonly serial: string;
  readonly bus: string;
  readonly slot: number;
  readonly host: string;
  readonly rackId: number;
  readonly model: string;
}

interface SiteData {
  readonly site: SiteRow;
  readonly racks: readonly RackRow[];
  readonly gpuRacks: readonly RackRow[];
  readonly gpus: readonly GpuRow[];
  readonly pdus: ReadonlyArray<{ readonly host: string; readonly rackId: number }>;
  readonly sensors: ReadonlyArray<{ readonly name: string; readonly position: string; readonly rackId: number | null; readonly room: string }>;
  readonly cdus: ReadonlyArray<{ readonly name: string; readonly room: string; readonly serial: string | null; readonly loopId: number | null }>;
  readonly hot: ReadonlySet<number>;
}

function loadSite(db: Db, site: SiteRow): SiteData {
  const racks = db
    .prepare(
      `SELECT r.id, r.name, rm.name AS room FROM racks r JOIN rooms rm ON rm.id = r.room_id
       WHERE rm.site_id = ? AND r.name NOT LIKE '%-N_' ORDER BY rm.name, r.name LIMIT ?`,
    )
    .all(site.id, ENV_RACKS_PER_SITE) as RackRow[];
  const gpuRacks = racks.slice(0, GPU_RACKS_PER_SITE);
  const gpus = gpuRacks.flatMap(
    (rack) =>
      db
        .prepare(
          `SELECT a.uuid, a.serial, a.pci_bus_id AS bus, a.slot, d.hostname AS host, d.rack_id AS rackId, a.model
           FROM devices d JOIN accelerators a ON a.device_id = d.id WHERE d.rack_id = ? AND d.hostname IS NOT NULL ORDER BY d.u_position, a.slot`,
        )
        .all(rack.id) as GpuRow[],
  );
  const rackIds = racks.map((r) => r.id);
  const inRacks = `(${rackIds.length > 0 ? rackIds.join(',') : 'NULL'})`;
  const pdus = db.prepare(`SELECT hostname AS host, rack_id AS rackId FROM devices WHERE role = 'pdu' AND rack_id IN ${inRacks} ORDER BY rack_id, hostname`).all() as Array<{
    host: string;
    rackId: number;
  }>;
  const sensors = db
    .prepare(`SELECT s.name, s.position, s.rack_id AS rackId, rm.name AS room FROM sensors s JOIN rooms rm ON rm.id = s.room_id WHERE s.rack_id IN ${inRacks} ORDER BY s.id`)
    .all() as Array<{ name: string; position: string; rackId: number | null; room: string }>;
  const cdus = db
    .prepare(`SELECT cu.name, rm.name AS room, cu.serial, cu.loop_id AS loopId FROM cooling_units cu JOIN rooms rm ON rm.id = cu.room_id WHERE rm.site_id = ? AND cu.kind = 'CDU' ORDER BY cu.id LIMIT 6`)
    .all(site.id) as Array<{ name: string; room: string; serial: string | null; loopId: number | null }>;
  const hot = new Set(HOT_RACK_INDEXES.map((i) => racks[i]?.id).filter((id): id is number => id !== undefined));
  return { site, racks, gpuRacks, gpus, pdus, sensors, cdus, hot };
}

/** Wall-clock parts of an instant in a zone. */
function wallParts(ms: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** nvidia-smi's own layout: `2026/07/14 08:12:53.353`, host local time. */
function nvsmiTime(ms: number, zone: string): string {
  const w = wallParts(ms, zone);
  return `${w.y}/${pad(w.mo)}/${pad(w.d)} ${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}.${pad(ms % 1000, 3)}`;
}

/** `date` as a shell prints it in the C locale, in UTC. */
function dateLine(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[d.getUTCDay()] ?? ''} ${months[d.getUTCMonth()] ?? ''} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** US Excel: `07/14/2026` and `8:05:00 AM`. */
function usDate(ms: number, zone: string): { date: string; time: string } {
  const w = wallParts(ms, zone);
  const h12 = w.h % 12 === 0 ? 12 : w.h % 12;
  return { date: `${pad(w.mo)}/${pad(w.d)}/${w.y}`, time: `${h12}:${pad(w.mi)}:${pad(w.s)} ${w.h < 12 ? 'AM' : 'PM'}` };
}

/** European Excel: `14.07.2026 08:05:00`. */
function euDateTime(ms: number, zone: string): string {
  const w = wallParts(ms, zone);
  return `${pad(w.d)}.${pad(w.mo)}.${w.y} ${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
}

const comma = (value: number, digits: number): string => value.toFixed(digits).replace('.', ',');

class Writer {
  readonly files: DemoTelemetryFile[] = [];
  constructor(private readonly dir: string) {}

  write(name: string, format: string, lines: readonly string[], options: { crlf?: boolean; bom?: boolean; trailingNewline?: boolean } = {}): void {
    const eol = options.crlf ? '\r\n' : '\n';
    const text = (options.bom ? '\ufeff' : '') + lines.join(eol) + (options.trailingNewline === false ? '' : eol);
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, text, 'utf8');
    this.files.push({ file, format, rows: lines.length, bytes: Buffer.byteLength(text) });
  }
}

interface GpuState {
  temp: number;
  power: number;
  util: number;
}

/** A GPU's reading at a time: load follows a slow wave; hot racks run 9 °C warmer; one GPU throttles. */
function gpuReading(random: Random, gpu: GpuRow, hot: boolean, throttling: boolean, t: number, tdpW: number): GpuState & { clock: number; tlimit: number; reasons: number } {
  const wave = 0.85 + 0.15 * Math.sin(t / (40 * MINUTE_MS) + gpu.slot);
  const util = Math.min(100, Math.round(88 + 12 * wave * random.next()));
  let temp = 52 + 12 * wave + (hot ? 9 : 0) + random.next() * 2;
  let clock = 1980;
  let reasons = 0;
  if (throttling) {
    temp = 88.5 + random.next() * 1.5;
    clock = 1410 + Math.round(random.next() * 60);
    reasons = 0x40;
  }
  const power = Math.min(tdpW, tdpW * (0.78 + 0.2 * wave) + random.next() * 8);
  return { temp, power, util, clock, tlimit: Math.round(MAX_OPERATING_C - temp), reasons };
}

function tdpOf(model: string): number {
  if (/B200/i.test(model)) return 1000;
  return 700;
}

const NVSMI_HEADER =
  'timestamp, name, serial, uuid, pci.bus_id, fan.speed [%], pstate, clocks_event_reasons.active, memory.total [MiB], memory.used [MiB], utilization.gpu [%], temperature.gpu, temperature.gpu.tlimit, temperature.memory, power.draw [W], power.limit [W], clocks.current.sm [MHz], ecc.errors.uncorrected.volatile.total, remapped_rows.pending';

function nvidiaSmiFile(out: Writer, data: SiteData, random: Random, startMs: number, endMs: number): void {
  const zone = data.site.timezone;
  const lines: string[] = [];
  const hosts = [...new Set(data.gpus.map((g) => g.host))];
  const throttling = data.gpus.find((g) => data.hot.has(g.rackId) && g.slot === 3) ?? data.gpus[3];
  const dying = data.gpus.find((g) => !data.hot.has(g.rackId) && g.slot === 5 && g.host !== throttling?.host);
  const deathMs = startMs + (endMs - startMs) * 0.6;
  // A GPU the driver no longer lists at all: the host reports seven, the inventory says eight.
  const absent = data.gpus.find((g) => !data.hot.has(g.rackId) && g.slot === 7 && g.host !== dying?.host && g.host !== throttling?.host);
  // Two GPUs on a host the inventory does not have (a server racked but never recorded).
  const lastHost = hosts[hosts.length - 1] ?? `${data.site.code.toLowerCase()}-dh1-r01-01-n1`;
  const ghostHost = lastHost.replace(/-n\d+$/, '-n9');
  const ghosts: GpuRow[] = [0, 1].map((slot) => ({
    uuid: `GPU-${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-a${random.hex(3)}-${random.hex(12)}`,
    serial: `1654${String(random.int(0, 999_999_999)).padStart(9, '0')}`,
    bus: `00000000:${['18', '2A'][slot] ?? '18'}:00.0`,
    slot,
    host: ghostHost,
    rackId: -1,
    model: data.gpus[0]?.model ?? 'H100 SXM5 80GB',
  }));
  const all = [...data.gpus, ...ghosts];
  const healthy = (g: GpuRow): boolean => g !== throttling && g !== dying && g !== absent && !data.hot.has(g.rackId);
  const remapping = data.gpus.filter(healthy)[10];
  const eccFailing = data.gpus.filter(healthy)[27];
  for (const host of [...hosts, ghostHost]) lines.push(`${host}: ${NVSMI_HEADER}`);
  let noticed = false;
  for (let t = startMs; t <= endMs; t += GPU_STEP_MS) {
    if ((t - startMs) % (30 * MINUTE_MS) === 0) lines.push(`${hosts[0] ?? ghostHost}: ${dateLine(t)}`);
    for (const gpu of all) {
      if (gpu === absent) continue;
      if (gpu === dying && t >= deathMs) {
        lines.push(`${gpu.host}: Unable to determine the device handle for GPU${gpu.bus.replace(/^0000/, '')}: Unknown Error`);
        continue;
      }
      const r = gpuReading(random, gpu, data.hot.has(gpu.rackId), gpu === throttling, t, tdpOf(gpu.model));
      const at = t + gpu.slot * 7 + random.int(0, 40);
      // Health signals for the Health view: a row remap pending from mid-span, uncorrected ECC near the end.
      const remapPending = gpu === remapping && t >= startMs + (endMs - startMs) * 0.5;
      const ecc = gpu === eccFailing && t >= startMs + (endMs - startMs) * 0.8 ? 2 : 0;
      lines.push(
        `${gpu.host}: ${nvsmiTime(at, zone)}, NVIDIA ${gpu.model.replace(/ SXM5?/, '')}, ${gpu.serial}, ${gpu.uuid}, ${gpu.bus}, [N/A], P0, 0x${r.reasons.toString(16).padStart(16, '0')}, ` +
          `81559 MiB, ${Math.round(60000 + random.next() * 15000)} MiB, ${r.util} %, ${Math.round(r.temp)}, ${r.tlimit}, ${Math.round(r.temp - 4)}, ` +
          `${r.power.toFixed(2)} W, ${tdpOf(gpu.model).toFixed(2)} W, ${r.clock} MHz, ${ecc}, ${remapPending ? 'Yes' : 'No'}`,
      );
    }
    if (!noticed && t > startMs + (endMs - startMs) / 3) {
      lines.push(`pdsh@${data.site.code.toLowerCase()}-mgmt01: ${ghostHost.replace(/-n9$/, '-n7')}: ssh exited with exit code 255`);
      noticed = true;
    }
  }
  // The file was copied while the loop was still writing: the last row is cut.
  const last = lines[lines.length - 1] ?? '';
  lines[lines.length - 1] = last.slice(0, Math.floor(last.length * 0.55));
  out.write(`${data.site.code.toLowerCase()}-nvidia-smi.csv`, 'nvidia-smi', lines, { trailingNewline: false });
}

function rackEnvUsFile(out: Writer, data: SiteData, random: Random, startMs: number, endMs: number): void {
  const zone = data.site.timezone;
  const lines = ['"Date","Time","Location","Rack","Inlet Temp (°F)","Outlet Temp (°F)","Delta T (°F)","Humidity (%RH)","Status"'];
  for (let t = startMs; t <= endMs; t += ENV_STEP_MS) {
    const { date, time } = usDate(t, zone);
    data.racks.forEach((rack, index) => {
      const hot = data.hot.has(rack.id);
      const inletC = (hot ? 29.5 : 22.5) + random.next() * 1.5 + (hot ? Math.sin(t / (50 * MINUTE_MS)) : 0);
      const deltaK = 13 + random.next() * 4;
      const inletF = (inletC * 9) / 5 + 32;
      const outletF = ((inletC + deltaK) * 9) / 5 + 32;
      const fault = index === 7 && t > startMs + (endMs - startMs) * 0.8;
      lines.push(
        fault
          ? `${date},${time},"${data.site.code}/${rack.room}",${rack.name},,,,,"Sensor Fault"`
          : `${date},${time},"${data.site.code}/${rack.room}",${rack.name},${inletF.toFixed(1)},${outletF.toFixed(1)},${((deltaK * 9) / 5).toFixed(1)},${(38 + random.next() * 8).toFixed(0)},"OK"`,
      );
    });
  }
  out.write(`${data.site.code.toLowerCase()}-rack-env.csv`, 'rack-env', lines, { crlf: true, bom: true });
}

function pduFile(out: Writer, data: SiteData, random: Random, startMs: number, endMs: number): void {
  const lines = ['Timestamp,PDU,Pwr.kW,Energy.kWh,Ph I.A'];
  const energy = new Map<string, number>();
  for (let t = startMs; t <= endMs; t += ENV_STEP_MS) {
    const at = new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const pdu of data.pdus) {
      const kw = (data.hot.has(pdu.rackId) ? 21 : 16) + random.next() * 3;
      const kwh = (energy.get(pdu.host) ?? 10_000 + random.int(0, 5000)) + (kw * ENV_STEP_MS) / 3_600_000;
      energy.set(pdu.host, kwh);
      lines.push(`${at},${pdu.host},${kw.toFixed(2)},${kwh.toFixed(1)},${((kw * 1000) / (415 * Math.sqrt(3))).toFixed(1)}`);
    }
  }
  out.write(`${data.site.code.toLowerCase()}-pdu.csv`, 'rack-env', lines);
}

const DCGM_SERIES: ReadonlyArray<readonly [string, string, string]> = [
  ['DCGM_FI_DEV_GPU_TEMP', 'gauge', 'GPU temperature (in C).'],
  ['DCGM_FI_DEV_MEMORY_TEMP', 'gauge', 'Memory temperature (in C).'],
  ['DCGM_FI_DEV_POWER_USAGE', 'gauge', 'Power draw (in W).'],
  ['DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'counter', 'Total energy consumption since boot (in mJ).'],
  ['DCGM_FI_DEV_GPU_UTIL', 'gauge', 'GPU utilization (in %).'],
  ['DCGM_FI_DEV_SM_CLOCK', 'gauge', 'SM clock frequency (in MHz).'],
  ['DCGM_FI_DEV_XID_ERRORS', 'gauge', 'Value of the last XID error encountered.'],
  ['DCGM_FI_DEV_PCIE_REPLAY_COUNTER', 'counter', 'Total number of PCIe retries.'],
];

function dcgmValues(random: Random, gpu: GpuRow, hot: boolean, throttling: boolean, t: number, startMs: number): string[] {
  const r = gpuReading(random, gpu, hot, throttling, t, tdpOf(gpu.model));
  const energyMj = Math.round((r.power * (t - startMs + 3_600_000)) / 1000) * 1000;
  return [String(Math.round(r.temp)), String(Math.round(r.temp - 3)), r.power.toFixed(6), String(energyMj), String(r.util), String(r.clock), '0', '0'];
}

function dcgmPrometheusFile(out: Writer, data: SiteData, random: Random, startMs: number, endMs: number): void {
  const lines: string[] = [];
  const gpus = data.gpus.slice(0, 64);
  const throttling = gpus.find((g) => data.hot.has(g.rackId) && g.slot === 6);
  // Two GPUs with XIDs for the Health view: one fell off the bus late in the span, one had a double-bit ECC error.
  const xidAt = (g: number, t: number): string => {
    if (g === 9 && t >= startMs + (endMs - startMs) * 0.7) return '79';
    if (g === 21 && t >= startMs + (endMs - startMs) * 0.4) return '48';
    return '0';
  };
  for (let t = startMs; t <= endMs; t += ENV_STEP_MS) {
    lines.push(new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const values = gpus.map((gpu) => dcgmValues(random, gpu, data.hot.has(gpu.rackId), gpu === throttling, t, startMs));
    DCGM_SERIES.forEach(([name, type, help], k) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      gpus.forEach((gpu, g) => {
        const value =
          name === 'DCGM_FI_DEV_PCIE_REPLAY_COUNTER' && gpu.slot === 7
            ? '9223372036854775794'
            : name === 'DCGM_FI_DEV_XID_ERRORS'
              ? xidAt(g, t)
              : (values[g]?.[k] ?? '0');
        lines.push(
          `${name}{gpu="${gpu.slot}",UUID="${gpu.uuid}",pci_bus_id="${gpu.bus}",device="nvidia${gpu.slot}",modelName="NVIDIA ${gpu.model.replace(/ SXM5?/, '')}",Hostname="${gpu.host}",DCGM_FI_DRIVER_VERSION="570.124.06"} ${value}`,
        );
      });
    });
  }
  out.write(`${data.site.code.toLowerCase()}-dcgm-metrics.prom`, 'dcgm-prometheus', lines);
}

function dcgmCsvFile(out: Writer, data: SiteData, random: Random, startMs: number, endMs: number): void {
  const gpus = data.gpus.slice(0, 96);
  const throttling = gpus.find((g) => data.hot.has(g.rackId) && g.slot === 1);
  const lines = [`timestamp,hostname,uuid,gpu,pci_bus_id,modelName,${DCGM_SERIES.map(([name]) => name.replace(/_GPU_TEMP$/, '_GPU_TEMP_CELSIUS')).join(',')}`];
  for (let t = startMs; t <= endMs; t += ENV_STEP_MS) {
    for (const gpu of gpus) {
      const values = dcgmValues(random, gpu, data.hot.has(gpu.rackId), gpu === throttling, t, startMs);
      lines.push(`${t + gpu.slot * 3},${gpu.host},${gpu.uuid},${gpu.slot},${gpu.bus},NVIDIA-${gpu.model.replace(/\s+/g, '-')},${values.join(',')}`);
    }
  }
  out.write(`${data.site.code.toLowerCase()}-dcgm.csv`, 'dcgm-csv', lines);
}

interface CduState {
  supplyC: number;
  returnC: number;
  flowLpm: number;
  dpKpa: number;
  heatKw: number;
  pumpPct: number;
}

/** The CDU that runs short of flow: the second of the site, or its only one. */
function lowFlowIndex(data: SiteData): number {
  return data.cdus.length > 1 ? 1 : 0;
}

/** A loop whose CDU heat follows its racks' metered power (DUB2), instead of the fixed ~250 kW of the others. */
interface MeteredLoop {
  /** Heat the liquid takes from the loop's racks at a time, kW. */
  readonly heatKw: (t: number) => number;
  /** Flow the loop was commissioned for: its design heat at a 10 K ΔT. */
  readonly designFlowLpm: number;
}

/** Share of flow a starved CDU still moves (a clogged strainer): ΔT more than doubles. */
const LOW_FLOW_SHARE = 0.42;
/** PG25 at 30 °C, kJ/(L·K): 1.02 kg/L × 3.9 kJ/(kg·K). */
const PG25_KJ_PER_L_K = 1.02 * 3.9;

function cduReading(random: Random, lowFlow: boolean, t: number, metered?: MeteredLoop): CduState {
  const wave = Math.sin(t / (35 * MINUTE_MS));
  // The same five draws in the same order either way, so the files after this one keep their values.
  const flowNoise = random.next();
  const heatNoise = random.next();
  const flowLpm = metered
    ? metered.designFlowLpm * (lowFlow ? LOW_FLOW_SHARE : 1) * (0.98 + flowNoise * 0.04)
    : lowFlow
      ? 175 + flowNoise * 15
      : 440 + flowNoise * 20;
  const heatKw = metered ? metered.heatKw(t) * (0.99 + heatNoise * 0.02) : 250 + 20 * wave + heatNoise * 10;
  // ΔT = Q / (ṁ·cp).
  const deltaK = heatKw / ((flowLpm / 60) * PG25_KJ_PER_L_K);
  const supplyC = 30 + random.next() * 0.6;
  return { supplyC, returnC: supplyC + deltaK, flowLpm, dpKpa: lowFlow ? 41 + random.next() * 3 : 82 + random.next() * 4, heatKw, pumpPct: lowFlow ? 96 + random.next() * 3 : 64 + random.next() * 4 };
}

/** A rack of a metered site: its loop, its cooling, what its devices may draw, and its A/B PDUs. */
interface PowerRack {
  readonly id: number;
  readonly loopId: number | null;
  readonly cooling: string;
  readonly nameplateKw: number;
  readonly gpu: boolean;
  readonly pdus: readonly string[];
}

/**
 * Share of a direct-liquid-cooled HGX H200 rack's power its cold plates (GPUs, CPUs, memory, liquid-cooled
 * PSUs) hand to the loop: Supermicro quotes up to 98 % for its liquid-cooled racks; 95 % leaves the rest to
 * the room air.
 */
const DLC_RACK_CAPTURE = 0.95;

function powerRacks(db: Db, siteId: number): PowerRack[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.loop_id AS loopId, r.cooling, total(t.max_power_w) / 1000.0 AS nameplateKw, max(t.accel_count) > 0 AS gpu,
              group_concat(CASE WHEN d.role = 'pdu' THEN d.hostname END, ' ') AS pdus
       FROM racks r JOIN rooms rm ON rm.id = r.room_id JOIN devices d ON d.rack_id = r.id JOIN device_types t ON t.id = d.type_id
       WHERE rm.site_id = ? GROUP BY r.id ORDER BY rm.name, r.name`,
    )
    .all(siteId) as Array<{ id: number; loopId: number | null; cooling: string; nameplateKw: number; gpu: number; pdus: string | null }>;
  return rows.map((r) => ({ ...r, gpu: r.gpu === 1, pdus: (r.pdus ?? '').split(' ').filter((h) => h.length > 0) }));
}

/**
 * What a rack draws at a time, kW, without the shared random stream (so adding this file changes no
 * other file): GPU racks 66–80 % of nameplate in a slow training-step wave with a phase per rack, hot
 * racks at the top of it; network and storage racks a steady half of theirs.
 */
function rackDrawKw(rack: PowerRack, t: number, hot: boolean): number {
  if (!rack.gpu) return rack.nameplateKw * (0.5 + 0.02 * Math.sin(t / (55 * MINUTE_MS) + rack.id));
  const wave = Math.sin(t / (40 * MINUTE_MS) + rack.id * 0.7);
  return rack.nameplateKw * ((hot ? 0.78 : 0.73) + 0.05 * wave);
}

/** PDU kW for every rack of the site (each rack's draw split over its A and B PDUs), as pduFile writes them. */
function sitePduFile(out: Writer, data: SiteData, racks: readonly PowerRack[], startMs: number, endMs: number): void {
  const lines = ['Timestamp,PDU,Pwr.kW,Energy.kWh,Ph I.A'];
  const energy = new Map<string, number>();
  for (let t = startMs; t <= endMs; t += ENV_STEP_MS) {
    const at = new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const rack of racks) {
      if (rack.pdus.length === 0) continue;
      const kw = rackDrawKw(rack, t, data.hot.has(rack.id)) / rack.pdus.length;
      for (const host of rack.pdus) {
        const kwh = (energy.get(host) ?? 10_000 + (rack.id % 5000)) + (kw * ENV_STEP_MS) / 3_600_000;
        energy.set(host, kwh);
        lines.push(`${at},${host},${kw.toFixed(2)},${kwh.toFixed(1)},${((kw * 1000) / (415 * Math.sqrt(3))).toFixed(1)}`);
      }
    }
  }
  out.write(`${data.site.code.toLowerCase()}-pdu.csv`, 'rack-env', lines);
}

/** Each CDU's loop as its racks' metered power says it should run: the heat the liquid takes, and its design flow. */
function meteredLoops(data: SiteData, racks: readonly PowerRack[]): Map<number, MeteredLoop> {
  const out = new Map<number, MeteredLoop>();
  for (const cdu of data.cdus) {
    if (cdu.loopId === null || out.has(cdu.loopId)) continue;
    const liquid = racks.filter((r) => r.loopId === cdu.loopId && r.cooling === 'dlc');
    const cdus = data.cdus.filter((c) => c.loopId === cdu.loopId).length;
    const designKw = liquid.reduce((s, r) => s + r.nameplateKw * 0.75 * DLC_RACK_CAPTURE, 0) / cdus;
    out.set(cdu.loopId, {
      heatKw: (t) => liquid.reduce((s, r) => s + rackDrawKw(r, t, data.hot.has(r.id)) * DLC_RACK_CAPTURE, 0) / cdus,
      designFlowLpm: (designKw * 60) / (PG25_KJ_PER_L_K * 10),
    });
  }
  return out;
}

function cduEuFile(out: Writer, data: SiteData, random: Random, startMs: number, endMs: number, metered: ReadonlyMap<number, MeteredLoop> = new Map()): void {
  const zone = data.site.timezone;
  const lines = [
    'sep=;',
    'Timestamp;Location;CDU;SupplyTemperatureCelsius;ReturnTemperatureCelsius;FlowLitersPerMinute;DeltaPressurekPa;HeatRemovedkW;PumpSpeedPercent;LeakDetectorState;"Note; free text"',
  ];
  data.cdus.forEach((cdu, index) => {
    for (let t = startMs; t <= endMs; t += CDU_STEP_MS) {
      const r = cduReading(random, index === lowFlowIndex(data), t, cdu.loopId === null ? undefined : metered.get(cdu.loopId));
      const sentinel = random.chance(0.004);
      lines.push(
        [
          euDateTime(t, zone),
          `${data.site.code}/${cdu.room}`,
          cdu.name,
          comma(r.supplyC, 1),
          sentinel ? '-3276,8' : comma(r.returnC, 1),
          comma(r.flowLpm, 1),
          comma(r.dpKpa, 1),
          comma(r.heatKw, 1),
          comma(r.pumpPct, 0),
          // The first CDU's leak detector trips for the last tenth of the span (a weeping quick-disconnect).
          index === 0 && t >= startMs + (endMs - startMs) * 0.9 ? 'Leak' : 'OK',
          index === lowFlowIndex(data) ? '"low flow; check strainer"' : '""',
        ].join(';'),
      );
    }
  });
  out.write(`${data.site.code.toLowerCase()}-cdu.csv`, 'cdu', lines, { crlf: true, bom: true });
}

function cduUsFile(out: Writer, data: SiteData, random: Random, startMs: number, endMs: number): void {
  const lines = ['Time (UTC),Location,Unit,Supply Temp (°C),Return Temp (°C),Flow (gal/min),Differential Pressure (psi),Pump Speed (%),Leak'];
  data.cdus.forEach((cdu, index) => {
    for (let t = startMs; t <= endMs; t += ENV_STEP_MS) {
      const r = cduReading(random, index === lowFlowIndex(data), t);
      const flow = random.chance(0.01) ? '-3276.8' : (r.flowLpm / 3.785411784).toFixed(1);
      const at = new Date(t).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
      lines.push(`${at},${data.site.code}/${cdu.room},${cdu.name},${r.supplyC.toFixed(1)},${r.returnC.toFixed(1)},${flow},${(r.dpKpa / 6.894757).toFixed(2)},${r.pumpPct.toFixed(0)},No`);
    }
  });
  out.write(`${data.site.code.toLowerCase()}-cdu.csv`, 'cdu', lines);
}

function sensorEuFile(out: Writer, data: SiteData, random: Random, startMs: number, endMs: number): void {
  const zone = data.site.timezone;
  const lines = ['sep=;', 'Time;Location;Sensor;Temperature (°C);Humidity (%RH);Status'];
  const silent = data.sensors.find((s) => s.position === 'inlet' && !data.hot.has(s.rackId ?? -1) && s !== data.sensors[0]) ?? data.sensors[0];
  const silentAfter = startMs + (endMs - startMs) * 0.4;
  for (let t = startMs; t <= endMs; t += ENV_STEP_MS) {
    for (const sensor of data.sensors) {
      if (sensor === silent && t > silentAfter) continue;
      const hot = data.hot.has(sensor.rackId ?? -1);
      const inlet = (hot ? 28.8 : 21.8) + random.next() * 1.4;
      const value = sensor.position === 'outlet' ? inlet + 14 + random.next() * 3 : inlet;
      const humidity = sensor.position === 'inlet' ? comma(40 + random.next() * 6, 1) : '';
      lines.push(`${euDateTime(t, zone)};${data.site.code}/${sensor.room};${sensor.name};${comma(value, 1)};${humidity};OK`);
    }
  }
  out.write(`${data.site.code.toLowerCase()}-sensors.csv`, 'rack-env', lines, { crlf: true, bom: true });
}

function longFile(out: Writer, data: SiteData, random: Random, startMs: number, endMs: number): void {
  const lines = ['timestamp,target,metric,value,unit'];
  const gpus = data.gpus.slice(0, 64);
  for (let t = startMs; t <= endMs; t += ENV_STEP_MS) {
    const at = new Date(t).toISOString();
    for (const gpu of gpus) {
      const r = gpuReading(random, gpu, data.hot.has(gpu.rackId), false, t, tdpOf(gpu.model));
      const target = gpu.slot % 2 === 0 ? gpu.uuid : `${gpu.host}/${gpu.bus}`;
      lines.push(`${at},${target},gpu_temp_c,${r.temp.toFixed(1)},C`, `${at},${target},gpu_power_w,${r.power.toFixed(1)},W`);
    }
    for (const rack of data.racks) {
      const hot = data.hot.has(rack.id);
      const inlet = (hot ? 29 : 22) + random.next() * 1.5;
      lines.push(
        `${at},${data.site.code}/${rack.room}/${rack.name},inlet_temp_c,${inlet.toFixed(1)},C`,
        `${at},${data.site.code}/${rack.room}/${rack.name},outlet_temp_c,${(inlet + 15).toFixed(1)},C`,
        `${at},${data.site.code}/${rack.room}/${rack.name},rack_power_w,${((hot ? 42 : 33) + random.next() * 3).toFixed(2)},kW`,
      );
    }
  }
  out.write(`${data.site.code.toLowerCase()}-telemetry-long.csv`, 'long', lines);
}

/** Writes the demo telemetry files for the inventory in `db` into outDir; returns what it wrote. */
export function writeDemoTelemetry(db: Db, options: DemoTelemetryOptions): DemoTelemetryFile[] {
  const sites = db.prepare('SELECT id, code, timezone FROM sites ORDER BY id').all() as SiteRow[];
  if (sites.length === 0) throw new FloorwalkError('not_found', 'The database holds no inventory; write the demo inventory first (floorwalk demo).');
  try {
    fs.mkdirSync(options.outDir, { recursive: true });
  } catch (error) {
    throw new FloorwalkError('io_error', `Cannot create ${options.outDir}: ${(error as Error).message}`, { field: 'telemetry-out' });
  }
  const random = new Random(options.seed ?? 11);
  const endMs = Math.floor(options.endMs / ENV_STEP_MS) * ENV_STEP_MS;
  const startMs = endMs - (options.hours ?? DEFAULT_HOURS) * 3_600_000;
  const out = new Writer(options.outDir);
  for (const site of sites) {
    const data = loadSite(db, site);
    if (data.racks.length === 0) continue;
    switch (site.code) {
      case 'PHX1':
        nvidiaSmiFile(out, data, random, startMs, endMs);
        rackEnvUsFile(out, data, random, startMs, endMs);
        pduFile(out, data, random, startMs, endMs);
        break;
      case 'DUB2': {
        // Every rack metered at its PDUs and every CDU's heat following its racks: the hall where heat
        // balance (flow × ΔT against rack power) and the energy view have real figures on both sides.
        const racks = powerRacks(db, site.id);
        dcgmPrometheusFile(out, data, random, startMs, endMs);
        cduEuFile(out, data, random, startMs, endMs, meteredLoops(data, racks));
        sensorEuFile(out, data, random, startMs, endMs);
        sitePduFile(out, data, racks, startMs, endMs);
        break;
      }
      case 'SIN1':
        dcgmCsvFile(out, data, random, startMs, endMs);
        cduUsFile(out, data, random, startMs, endMs);
        writeNvl72Telemetry(db, out, random, startMs, endMs);
        break;
      default:
        longFile(out, data, random, startMs, endMs);
        break;
    }
  }
  return out.files;
}
