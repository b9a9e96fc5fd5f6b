import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { importTelemetry } from '../../app/telemetry/import';
import type { TelemetryFormat, TelemetryLedger } from '../../app/telemetry/types';
import { testDb } from '../support/db';

/**
 * The conservation property: for a file of any format with any mix of quirks, every data cell read is a
 * reading stored or a duplicate, or is skipped, rejected, collapsed or ignored — with a reason — and the
 * ledger's total of cells read is the number of value cells the generator wrote.
 */

let db: Db;
let cleanup: () => void;
let gpus: Array<{ uuid: string; host: string; bus: string }>;
let racks: Array<{ site: string; room: string; name: string }>;

beforeAll(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 3 }));
  gpus = db
    .prepare('SELECT a.uuid, d.hostname AS host, a.pci_bus_id AS bus FROM accelerators a JOIN devices d ON d.id = a.device_id ORDER BY a.id LIMIT 6')
    .all() as typeof gpus;
  racks = db
    .prepare('SELECT s.code AS site, rm.name AS room, r.name FROM racks r JOIN rooms rm ON rm.id = r.room_id JOIN sites s ON s.id = rm.site_id ORDER BY r.id LIMIT 4')
    .all() as typeof racks;
});
afterAll(() => cleanup());

/** mulberry32: small, seeded, reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated {
  readonly text: string;
  readonly name: string;
  /** Value cells written in data rows, plus cells of columns the importer should ignore. */
  readonly cells: number;
}

type Pick = <T>(items: readonly T[]) => T;

function picker(random: () => number): Pick {
  return <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
}

const ROWS = 40;
const minute = (i: number): Date => new Date(Date.UTC(2026, 6, 14, 8, 0) + i * 60_000);
const pad = (n: number): string => String(n).padStart(2, '0');

function nvidiaSmi(random: () => number, pick: Pick): Generated {
  const header = 'timestamp, uuid, name, temperature.gpu, power.draw [W], utilization.gpu [%], clocks_throttle_reasons.active';
  const lines = [header];
  let cells = 0;
  for (let i = 0; i < ROWS; i++) {
    const gpu = pick(gpus);
    const at = minute(Math.floor(i / 2));
    const time = `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:00.000`;
    const temp = pick(['61', '62', '[N/A]', '[Not Supported]', 'abc', '250', '63']);
    const power = pick(['612.50', '[N/A]', '700.1', '[Unknown Error]', '655']);
    const util = pick(['99', '100', '[N/A]', '0']);
    const throttle = pick(['0x0000000000000000', '0x0000000000000020', '[Not Supported]', '0x0000000000000004']);
    const row = `${time}, ${gpu.uuid}, NVIDIA H100 80GB HBM3, ${temp}, ${power}, ${util}, ${throttle}`;
    lines.push(row);
    cells += 4 + 1;
    if (random() < 0.1) {
      lines.push(row);
      cells += 5;
    }
    if (random() < 0.05) lines.push(header);
    if (random() < 0.05) lines.push('Unable to determine the device handle for GPU 0000:3B:00.0: Unknown Error');
    if (random() < 0.05) lines.push('');
  }
  return { text: `${lines.join('\n')}\n`, name: 'nvsmi.csv', cells };
}

function prometheus(random: () => number, pick: Pick): Generated {
  const lines = ['2026-07-14T08:00:00Z', '# HELP DCGM_FI_DEV_GPU_TEMP GPU temperature (in C).', '# TYPE DCGM_FI_DEV_GPU_TEMP gauge'];
  let cells = 0;
  for (let i = 0; i < ROWS; i++) {
    const gpu = pick(gpus);
    // Some samples are a MIG instance's (kept apart from the GPU's and from each other).
    const labels = `gpu="0",UUID="${gpu.uuid}",pci_bus_id="${gpu.bus}",Hostname="${gpu.host}"${pick(['', '', ',GPU_I_ID="1",GPU_I_PROFILE="3g.40gb"', ',GPU_I_ID="5"'])}`;
    const kind = pick(['temp', 'power', 'other', 'bad', 'sentinel', 'temp']);
    if (kind === 'temp') lines.push(`DCGM_FI_DEV_GPU_TEMP{${labels}} ${pick(['61', '62', '300', 'x'])}`);
    else if (kind === 'power') lines.push(`DCGM_FI_DEV_POWER_USAGE{${labels}} ${pick(['612.5', '700.000000'])}`);
    else if (kind === 'other') lines.push(`go_goroutines ${Math.floor(random() * 100)}`);
    else if (kind === 'sentinel') lines.push(`DCGM_FI_DEV_GPU_TEMP{${labels}} 9223372036854775794`);
    else lines.push('this is not a sample');
    cells++;
    if (random() < 0.1) lines.push(`2026-07-14T08:${pad(1 + Math.floor(random() * 50))}:00Z`);
  }
  return { text: `${lines.join('\n')}\n`, name: 'metrics.prom', cells };
}

function dcgmCsv(random: () => number, pick: Pick): Generated {
  const lines = ['timestamp,Hostname,UUID,gpu,pci_bus_id,modelName,DCGM_FI_DEV_GPU_TEMP,DCGM_FI_DEV_POWER_USAGE,DCGM_FI_PROF_GR_ENGINE_ACTIVE,driver_note'];
  let cells = 0;
  for (let i = 0; i < ROWS; i++) {
    const gpu = pick(gpus);
    const ts = minute(Math.floor(i / 3)).getTime();
    lines.push(`${ts},${gpu.host},${gpu.uuid},0,${gpu.bus},NVIDIA-B200,${pick(['66', '', '9223372036854775794', 'hot', '67'])},${pick(['900.5', '901', '-1'])},${pick(['0.875', '0.5', '2.5'])},${pick(['ok', 'x'])}`);
    // modelName is a label (identity), driver_note a column nobody reads.
    cells += 3 + 1;
    if (random() < 0.1) {
      lines.push(lines[lines.length - 1] as string);
      cells += 4;
    }
  }
  return { text: `${lines.join('\n')}\n`, name: 'dcgm.csv', cells };
}

function rackEnv(random: () => number, pick: Pick): Generated {
  const lines = ['Site,Room,Cabinet,Date,Time,Inlet Temperature (°C),Exhaust Temperature (°C),Relative Humidity,Power (kW),State,Comment'];
  let cells = 0;
  for (let i = 0; i < ROWS; i++) {
    const rack = pick(racks);
    const at = minute(i);
    const hour = at.getUTCHours() % 12 === 0 ? 12 : at.getUTCHours() % 12;
    lines.push(
      `${rack.site},${rack.room},${rack.name},07/14/2026,${hour}:${pad(at.getUTCMinutes())}:00 ${at.getUTCHours() < 12 ? 'AM' : 'PM'},${pick(['"24.5 °C"', '25.0', '-3276.8', 'n/a', '99'])},${pick(['38.1', '40'])},${pick(['41 %', '39'])},${pick(['"31.5"', '35.25', '6553.5'])},${pick(['Normal', 'Alarm', 'Sensor Fault', 'Normal'])},${pick(['', 'door open'])}`,
    );
    cells += 4 + 1;
    if (random() < 0.1) {
      lines.push(lines[lines.length - 1] as string);
      cells += 5;
    }
  }
  return { text: `${lines.join('\n')}\n`, name: 'rack-env.csv', cells };
}

/** APC data.txt of linked PDUs: every line holds two PDUs' cells, each PDU its own target. */
function apcLinked(random: () => number, pick: Pick): Generated {
  const lines = ['APC Rack PDU data log', 'System Name:\tlinked-pdu-a', 'PDU 2 Name:\tlinked-pdu-b', '', 'Date\tTime\t1:Pwr.kW\t1:Ph I.A\t2:Pwr.kW\t2:Ph I.A\t2:Pwr Max.kW\tNote'];
  let cells = 0;
  for (let i = 0; i < ROWS; i++) {
    const at = minute(i);
    const row = [`07/14/2026`, `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:00`, pick(['17.5', '-3276.8', 'x', '']), pick(['24.4', '6553.5']), pick(['12.1', '65535', 'n/a']), pick(['17', '99999']), '13', pick(['', 'ok'])];
    lines.push(row.join('\t'));
    // Four metric cells, the max column and the note nobody reads.
    cells += 6;
    if (random() < 0.1) {
      lines.push(lines[lines.length - 1] as string);
      cells += 6;
    }
  }
  return { text: `${lines.join('\n')}\n`, name: 'data.txt', cells };
}

function cdu(random: () => number, pick: Pick): Generated {
  const lines = ['Timestamp,@odata.id,SupplyTemperatureCelsius,ReturnTemperatureCelsius,FlowLitersPerMinute,SupplyPressurekPa,PumpSpeedPercent,LeakDetectorState'];
  let cells = 0;
  for (let i = 0; i < ROWS; i++) {
    const at = minute(i).toISOString().replace('.000Z', '+00:00');
    lines.push(
      `${at},/redfish/v1/ThermalEquipment/CDUs/CDU-${pick(['R01', 'R02'])},${pick(['30.1', '-3276.8', '31'])},${pick(['40.2', '6553.5', '41'])},${pick(['450.5', '65535', '360'])},${pick(['310.2', '-32768', '300'])},${pick(['65', '66'])},${pick(['OK', 'Leak', 'OK'])}`,
    );
    cells += 6;
    if (random() < 0.1) {
      lines.push(lines[lines.length - 1] as string);
      cells += 6;
    }
  }
  return { text: `${lines.join('\n')}\n`, name: 'cdu.csv', cells };
}

function long(random: () => number, pick: Pick): Generated {
  const lines = ['timestamp,target,metric,value,unit,note'];
  let cells = 0;
  for (let i = 0; i < ROWS; i++) {
    const gpu = pick(gpus);
    const at = minute(Math.floor(i / 2)).toISOString();
    lines.push(`${at},${gpu.uuid},${pick(['gpu_temp_c', 'power.draw', 'DCGM_FI_DEV_GPU_TEMP', 'no_such_metric'])},${pick(['61.5', '612.5', 'N/A', 'x', '70'])},${pick(['', 'C', 'W', 'furlongs'])},${pick(['', 'swap'])}`);
    // The value cell, and the note column nobody reads.
    cells += 2;
    if (random() < 0.1) {
      lines.push(lines[lines.length - 1] as string);
      cells += 2;
    }
  }
  return { text: `${lines.join('\n')}\n`, name: 'long.csv', cells };
}

function grafana(random: () => number, pick: Pick): Generated {
  const series = gpus.slice(0, 3).map((gpu, i) => `"DCGM_FI_DEV_${i === 2 ? 'POWER_USAGE' : 'GPU_TEMP'}{Hostname=""${gpu.host}"", UUID=""${gpu.uuid}"", gpu=""${i}""}"`);
  const lines = [`"Time",${series.join(',')},"up{job=""dcgm""}"`];
  let cells = 0;
  for (let i = 0; i < ROWS; i++) {
    const at = pick([minute(i).toISOString(), String(minute(i).getTime()), `2026-07-14 0${1 + (i % 5)}:${pad(i % 60)}:00`, 'yesterday']);
    lines.push(`${at},${pick(['55 °C', '', '56', '300 °C', 'hot'])},${pick(['57', '', '58.5 °C'])},${pick(['612 W', '', '0.7 kW', '9223372036854775794'])},1`);
    // Three series cells and the ignored "up" series.
    cells += 4;
    if (random() < 0.1) {
      lines.push(lines[lines.length - 1] as string);
      cells += 4;
    }
  }
  return { text: `${lines.join('\n')}\n`, name: 'grafana.csv', cells };
}

function redfish(random: () => number, pick: Pick): Generated {
  const cdu = '/redfish/v1/ThermalEquipment/CDUs/CDU-R0';
  const properties = [
    '1/SecondaryCoolantConnectors/1#/SupplyTemperatureCelsius/Reading',
    '1/PrimaryCoolantConnectors/1#/SupplyTemperatureCelsius/Reading',
    '2/PrimaryCoolantConnectors/1#/FlowLitersPerMinute/Reading',
    '2/SecondaryCoolantConnectors/1#/SupplyPressurekPa/Reading',
    '1/Filters/1#/ServicedDate',
    '1/LeakDetection/LeakDetectors/1#/DetectorState',
  ];
  const values: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const property = `${cdu}${pick(properties)}`;
    const value = pick(['"30.1"', '"-3276.8"', '"65535"', '"6553.5"', '"-32768"', 'null', '""', '"abc"', '"OK"', '"Leak"', '45', '"999"']);
    const at = pick([minute(i).toISOString(), '', 'soon']);
    values.push(`{"MetricId":"m${i}","MetricValue":${value},"Timestamp":"${at}","MetricProperty":"${property}"}`);
    if (random() < 0.1) values.push(values[values.length - 1] as string);
  }
  const text = `{"@odata.type":"#MetricReport.v1_5_0.MetricReport","Id":"R","Timestamp":"2026-07-14T08:00:00Z",\n"MetricValues":[\n${values.join(',\n')}\n]}\n`;
  // Every MetricValue is one data cell.
  return { text, name: 'report.json', cells: values.length };
}

const GENERATORS: ReadonlyArray<[TelemetryFormat, (random: () => number, pick: Pick) => Generated]> = [
  ['nvidia-smi', nvidiaSmi],
  ['dcgm-prometheus', prometheus],
  ['dcgm-csv', dcgmCsv],
  ['grafana', grafana],
  ['rack-env', rackEnv],
  ['rack-env', apcLinked],
  ['cdu', cdu],
  ['redfish', redfish],
  ['long', long],
];

const SEEDS_PER_FORMAT = 6;
const total = (items: ReadonlyArray<{ count: number }>): number => items.reduce((a, b) => a + b.count, 0);

function expectBalanced(ledger: TelemetryLedger, cellsWritten: number): void {
  expect(ledger.problems).toEqual([]);
  expect(ledger.balanced).toBe(true);
  expect(ledger.cellsRead).toBe(cellsWritten);
  expect(ledger.readings + total(ledger.skipped) + total(ledger.rejected) + total(ledger.collapsed) + total(ledger.ignored)).toBe(ledger.cellsRead);
  expect(ledger.readings + ledger.derived).toBe(ledger.stored + ledger.duplicates);
}

describe('conservation ledger', () => {
  for (const [format, generate] of GENERATORS) {
    it(`balances for ${format} files with random quirks (${generate.name})`, async () => {
      for (let seed = 1; seed <= SEEDS_PER_FORMAT; seed++) {
        const random = prng(seed * 7919 + format.length);
        const file = generate(random, picker(random));
        const before = db.prepare('SELECT count(*) FROM telemetry_readings').pluck().get() as number;
        let result;
        try {
          result = await importTelemetry(db, { source: { text: file.text, name: file.name }, format }, { actor: 'test' });
        } catch (error) {
          // A file with no usable row is refused with a reason and writes nothing: also conservation.
          expect(String(error)).toMatch(/No usable row/);
          expect(db.prepare('SELECT count(*) FROM telemetry_readings').pluck().get()).toBe(before);
          continue;
        }
        expectBalanced(result.ledger, file.cells);
        expect(result.ledger.stored).toBe(result.readings);
        expect(db.prepare('SELECT count(*) FROM telemetry_readings').pluck().get()).toBe(before + result.readings);
      }
    });
  }

  it('names each ignored column with its reason and each rejection by cause', async () => {
    const gpu = gpus[0];
    if (!gpu) throw new Error('no GPU in the test database');
    const text = [
      'timestamp, uuid, name, temperature.gpu, power.draw [W]',
      `2026/07/14 09:00:00.000, ${gpu.uuid}, NVIDIA H100, 61, 600`,
      `2026/07/14 09:01:00.000, ${gpu.uuid}, NVIDIA H100, abc, 600`,
      `2026/07/14 09:02:00.000, ${gpu.uuid}, NVIDIA H100, xyz, 600`,
      `2026/07/14 09:03:00.000, ${gpu.uuid}, NVIDIA H100, [N/A], 601`,
    ].join('\n');
    const result = await importTelemetry(db, { source: { text: `${text}\n`, name: 'named.csv' } }, { actor: 'test' });
    expect(result.ledger).toMatchObject({ cellsRead: 12, readings: 3, stored: 3, balanced: true });
    expect(result.ledger.ignored).toEqual([{ column: 'name', reason: 'the GPU model is not a reading', count: 4 }]);
    expect(result.ledger.rejected).toEqual([{ reason: 'temperature.gpu: "…" is not a number', count: 4 }]);
    expect(total(result.ledger.skipped)).toBe(1);
  });
});
