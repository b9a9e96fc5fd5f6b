import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/open';
import { detectTelemetry, importTelemetry } from '../../app/telemetry/import';
import { redfishPoint } from '../../app/telemetry/formats/redfish';
import { METRICS } from '../../app/telemetry/map/metrics';
import { testDb } from '../support/db';
import { readFixture } from '../fixtures/telemetry/load';

/** Redfish MetricReports (JSON and CSV) and `…#/…/Reading` property columns: loops kept apart, sentinels skipped. */

let db: Db;
let cleanup: () => void;

beforeEach(() => {
  ({ db, cleanup } = testDb({ demoAccelerators: 800, seed: 1 }));
});
afterEach(() => cleanup());

function values(label: string): Record<string, number[]> {
  const rows = db
    .prepare(
      `SELECT m.name, r.value FROM telemetry_readings r JOIN telemetry_metrics m ON m.id = r.metric_id JOIN telemetry_targets t ON t.id = r.target_id
       WHERE t.label = ? ORDER BY m.name, r.ts`,
    )
    .all(label) as Array<{ name: string; value: number }>;
  const out: Record<string, number[]> = {};
  for (const row of rows) (out[row.name] ??= []).push(Math.round(row.value * 100) / 100);
  return out;
}

const metric = (property: string): string | null => {
  const plan = redfishPoint(property, '', null).plan;
  return plan ? (METRICS[plan.metric]?.name ?? null) : null;
};

describe('Redfish property URIs', () => {
  it('names the target by the resource and the metric by the property, primary loop apart from secondary', () => {
    const cdu = '/redfish/v1/ThermalEquipment/CDUs/7';
    expect(metric(`${cdu}/SecondaryCoolantConnectors/1#/SupplyTemperatureCelsius/Reading`)).toBe('coolant_supply_c');
    expect(metric(`${cdu}/PrimaryCoolantConnectors/1#/SupplyTemperatureCelsius/Reading`)).toBe('facility_supply_c');
    expect(metric(`${cdu}/SecondaryCoolantConnectors/1#/ReturnTemperatureCelsius/Reading`)).toBe('coolant_return_c');
    expect(metric(`${cdu}/PrimaryCoolantConnectors/1#/ReturnTemperatureCelsius/Reading`)).toBe('facility_return_c');
    expect(metric(`${cdu}/SecondaryCoolantConnectors/1#/FlowLitersPerMinute/Reading`)).toBe('coolant_flow_lpm');
    expect(metric(`${cdu}/PrimaryCoolantConnectors/1#/FlowLitersPerMinute/Reading`)).toBe('facility_flow_lpm');
    expect(metric(`${cdu}/SecondaryCoolantConnectors/1#/SupplyPressurekPa/Reading`)).toBe('coolant_supply_pressure_kpa');
    expect(metric(`${cdu}/PrimaryCoolantConnectors/1#/SupplyPressurekPa/Reading`)).toBe('facility_supply_pressure_kpa');
    expect(metric(`${cdu}/PrimaryCoolantConnectors/1#/ReturnPressurekPa/Reading`)).toBe('facility_return_pressure_kpa');
    expect(metric(`${cdu}/SecondaryCoolantConnectors/1#/DeltaPressurekPa/Reading`)).toBe('coolant_pressure_kpa');
    expect(metric(`${cdu}/PrimaryCoolantConnectors/1#/DeltaPressurekPa/Reading`)).toBe('facility_pressure_kpa');
    expect(metric('/redfish/v1/Chassis/CDU7/Sensors/PrimarySupplyTemp#/Reading')).toBe('facility_supply_c');
    expect(metric('/redfish/v1/Chassis/R01/Sensors/InletTemp#/Reading')).toBe('inlet_temp_c');
    expect(metric('/redfish/v1/PowerEquipment/RackPDUs/1/Metrics#/PowerWatts/Reading')).toBe('rack_power_w');
    expect(metric(`${cdu}/LeakDetection/LeakDetectors/1#/DetectorState`)).toBe('leak');
    expect(metric(`${cdu}/Filters/1#/ServicedDate`)).toBeNull();
    expect(redfishPoint(`${cdu}/Pumps/1#/PumpSpeedPercent/Reading`, '', null).identity).toEqual({ hint: 'cooling_unit', name: '7' });
    expect(redfishPoint('/redfish/v1/PowerEquipment/RackPDUs/pdu-a/Metrics#/PowerWatts/Reading', '', null).identity).toEqual({ hint: 'device', host: 'pdu-a', name: 'pdu-a' });
  });
});

describe('Redfish MetricReport files', () => {
  it('imports a MetricReport JSON: loops apart, Modbus sentinels skipped, unknown properties listed, the ledger balanced', async () => {
    const text = readFixture(db, 'redfish-metricreport.json');
    const detected = await detectTelemetry(db, { source: { text, name: 'cdu-report.json' }, room: 'DUB2/DH1' });
    expect(detected.format).toBe('redfish');
    expect(detected.columns.find((c) => c.column.includes('PrimaryCoolantConnectors/1#/FlowLitersPerMinute'))).toMatchObject({ use: 'metric', metric: 'facility_flow_lpm', note: 'CDU CDU-R01, primary loop' });

    const result = await importTelemetry(db, { source: { text, name: 'cdu-report.json' }, room: 'DUB2/DH1' }, { actor: 'test' });
    expect(result.format).toBe('redfish');
    expect(result.rows).toBe(15);
    expect(result.skippedBy.map((s) => s.reason).sort()).toEqual(['sentinel -3276.8', 'sentinel 6553.5', 'sentinel 65535']);
    expect(result.ledger).toMatchObject({ cellsRead: 15, readings: 11, balanced: true });
    expect(result.ledger.ignored).toEqual([{ column: '/redfish/v1/ThermalEquipment/CDUs/CDU-R01/Filters/1#/ServicedDate', reason: 'ServicedDate is not a quantity Floorwalk knows', count: 1 }]);
    expect(values('DUB2/DH1/CDU-R01')).toEqual({
      coolant_flow_lpm: [455],
      coolant_return_c: [40.1],
      coolant_supply_c: [30.2, 30.3],
      coolant_supply_pressure_kpa: [310.5],
      facility_flow_lpm: [610],
      facility_return_c: [28.5],
      facility_supply_c: [18],
      leak: [0],
      pump_speed_pct: [66],
    });
    // The chassis sensor is a rack's inlet: its own target, not the CDU.
    expect(result.targets).toBe(2);
  });

  it('reads the flattened CSV (MetricId, MetricValue, Timestamp, MetricProperty) and rejects a bad value with its line', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'redfish-metricvalues.csv'), name: 'values.csv' }, room: 'DUB2/DH1' }, { actor: 'test' });
    expect(result.format).toBe('redfish');
    expect(result.readings).toBe(4);
    expect(result.skippedBy).toEqual([{ reason: 'sentinel -32768', count: 1 }]);
    expect(result.errors).toEqual([{ line: 7, column: '/redfish/v1/ThermalEquipment/CDUs/CDU-R01/SecondaryCoolantConnectors/1#/SupplyTemperatureCelsius/Reading', reason: '"abc" is not a number' }]);
    expect(values('DUB2/DH1/CDU-R01')).toMatchObject({ coolant_supply_c: [30.2], facility_supply_c: [18], coolant_flow_lpm: [455], facility_flow_lpm: [610] });
    expect(result.ledger.balanced).toBe(true);
  });

  it('reads wide CSV columns named by property URI, each column its own CDU and loop', async () => {
    const result = await importTelemetry(db, { source: { text: readFixture(db, 'redfish-cdu-wide.csv'), name: 'wide.csv' }, room: 'DUB2/DH1' }, { actor: 'test' });
    expect(result.format).toBe('redfish');
    expect(result.skippedBy.map((s) => s.reason).sort()).toEqual(['sentinel 6553.5', 'sentinel 65535']);
    expect(values('DUB2/DH1/CDU-R01')).toEqual({ coolant_supply_c: [30.2, 30.3], facility_supply_c: [18] });
    expect(result.ledger.ignored).toEqual([{ column: 'Operator', reason: 'not a Redfish property column', count: 2 }]);
    expect(result.ledger).toMatchObject({ cellsRead: 10, readings: 6, balanced: true });
  });

  it('refuses --map for Redfish files, which name the quantity in each point', async () => {
    await expect(importTelemetry(db, { source: { text: readFixture(db, 'redfish-metricvalues.csv'), name: 'v.csv' }, format: 'redfish', map: ['MetricValue=ignore'] }, { actor: 'test' })).rejects.toThrow(/column formats/);
  });
});
