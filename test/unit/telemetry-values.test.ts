import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS, metricDef } from '../../app/telemetry/map/metrics';
import { converterFor, parseUnit } from '../../app/telemetry/map/units';
import { parseFlagText, parseNumberText, parsePstateText, placeholderReason, sentinelReason, type NumberOut } from '../../app/telemetry/map/values';
import { interpretColumn, splitHeaderUnit } from '../../app/telemetry/map/columns';
import { ByteInterner, scanDecimal, TimeScanner } from '../../app/telemetry/source/byte-scan';
import { normaliseBusId, normaliseUuid } from '../../app/telemetry/map/identity';

const convert = (unit: string, metric: string, value: number): number => {
  const converter = converterFor(parseUnit(unit), metricDef(metric));
  if (!converter) throw new Error(`no conversion ${unit} → ${metric}`);
  return Math.round((value * converter.scale + converter.offset) * 1e6) / 1e6;
};

describe('placeholders and sentinels', () => {
  it('knows every nvidia-smi placeholder, bare N/A, empty cells and export words, and never a number', () => {
    for (const token of ['[N/A]', 'N/A', '[Not Supported]', '[Unknown Error]', '[Insufficient Permissions]', '[Requested functionality has been deprecated]', '[GPU is lost]', '', '  ', '---', 'Sensor Fault', 'NaN', '#N/A', '+Inf']) {
      expect([token, placeholderReason(token)]).not.toEqual([token, null]);
    }
    for (const value of ['0', '-3', '.5', '-.5', '631.95 W', '0x0000000000000040', 'Active', 'No']) expect(placeholderReason(value)).toBeNull();
    expect(placeholderReason('')).toBe('empty cell');
  });

  it('skips DCGM blanks always and Modbus extremes only where the metric makes them implausible', () => {
    expect(sentinelReason(Number('9223372036854775794'), metricDef('pcie_replay'))).toBe('DCGM blank (not supported)');
    expect(sentinelReason(140737488355330, metricDef('gpu_power_w'))).toBe('DCGM blank (not supported)');
    expect(sentinelReason(2147483634, metricDef('gpu_temp_c'))).toBe('DCGM blank (not supported)');
    expect(sentinelReason(-3276.8, metricDef('coolant_return_c'))).toBe('sentinel -3276.8');
    expect(sentinelReason(65535, metricDef('pump_speed_pct'))).toBe('sentinel 65535');
    expect(sentinelReason(3276.7, metricDef('rack_power_w'))).toBeNull();
    expect(sentinelReason(-3, metricDef('gpu_tlimit_c'))).toBeNull();
  });
});

describe('numbers, states and units in cells', () => {
  const out: NumberOut = { value: 0, unit: '' };
  const read = (text: string, decimalComma = false): [number, string] | null => (parseNumberText(text, decimalComma, out) ? [out.value, out.unit] : null);

  it('reads numbers with units, %f doubles, hex bitmasks, thousands and decimal commas', () => {
    expect(read('631.95 W')).toEqual([631.95, 'W']);
    expect(read('100 %')).toEqual([100, '%']);
    expect(read('81559 MiB')).toEqual([81559, 'MiB']);
    expect(read('612.345000')).toEqual([612.345, '']);
    expect(read('0x0000000000000044')).toEqual([0x44, '']);
    expect(read('-12')).toEqual([-12, '']);
    expect(read('1,234.5')).toEqual([1234.5, '']);
    expect(read('23,5')).toBeNull();
    expect(read('23,5', true)).toEqual([23.5, '']);
    expect(read('1.234,5 kW', true)).toEqual([1234.5, 'kW']);
    expect(read('-3276,8', true)).toEqual([-3276.8, '']);
    expect(read('24.5 °C')).toEqual([24.5, '°C']);
    expect(read('abc')).toBeNull();
    expect(read('1e3')).toEqual([1000, '']);
  });

  it('reads nvidia-smi and Redfish state words', () => {
    expect(['Active', 'Not Active', 'Yes', 'No', 'OK', 'Warning', 'Critical', 'Leak'].map(parseFlagText)).toEqual([1, 0, 1, 0, 0, 1, 1, 1]);
    expect(parseFlagText('maybe')).toBeNaN();
    expect(parsePstateText('P0')).toBe(0);
    expect(parsePstateText('P12')).toBe(12);
  });

  it('converts to canonical units: °F, ΔT in °F (×5/9, no −32), flow, pressure, power, energy', () => {
    expect(convert('°F', 'inlet_temp_c', 80.6)).toBe(27);
    expect(convert('DEGREESF', 'inlet_temp_c', 64.4)).toBe(18);
    expect(convert('°F', 'delta_t_k', 18)).toBe(10);
    expect(convert('°C', 'delta_t_k', 10)).toBe(10);
    expect(convert('K', 'inlet_temp_c', 300.15)).toBe(27);
    expect(convert('gal/min', 'coolant_flow_lpm', 53)).toBe(200.626825);
    expect(convert('gpm', 'coolant_flow_lpm', 1)).toBe(3.785412);
    expect(convert('psi', 'coolant_supply_pressure_kpa', 50.5)).toBe(348.185243);
    expect(convert('lbs/in²', 'coolant_supply_pressure_kpa', 1)).toBe(6.894757);
    expect(convert('bar', 'coolant_pressure_kpa', 1.2)).toBe(120);
    expect(convert('kW', 'rack_power_w', 17.5)).toBe(17500);
    expect(convert('W', 'heat_removed_kw', 2500)).toBe(2.5);
    expect(convert('mJ', 'gpu_energy_j', 123456789000)).toBe(123456789);
    expect(convert('GiB', 'mem_used_mib', 2)).toBe(2048);
    expect(converterFor(parseUnit('W'), metricDef('inlet_temp_c'))).toBeNull();
    expect(parseUnit('furlongs')).toBeNull();
  });
});

describe('units and meanings in column names', () => {
  it('splits the units exports spell into names', () => {
    const split = (h: string): [string, string | null] => {
      const { name, unit } = splitHeaderUnit(h);
      return [name, unit?.text ?? null];
    };
    expect(split('Inlet Temp (°F)')).toEqual(['Inlet Temp', '°F']);
    expect(split('Inlet Temp (Â°F)')).toEqual(['Inlet Temp', '°F']);
    expect(split('Pwr.kW')).toEqual(['Pwr', 'kW']);
    expect(split('Ph I.A')).toEqual(['Ph I', 'A']);
    expect(split('power.draw [W]')).toEqual(['power.draw', 'W']);
    expect(split('SupplyTemperatureCelsius')).toEqual(['SupplyTemperature', 'Celsius']);
    expect(split('FlowLitersPerMinute')).toEqual(['Flow', 'LitersPerMinute']);
    expect(split('DeltaPressurekPa')).toEqual(['DeltaPressure', 'kPa']);
    expect(split('flow_gpm')).toEqual(['flow', 'gpm']);
    expect(split('Temperature in °C')).toEqual(['Temperature', '°C']);
    expect(split('Sensor A')).toEqual(['Sensor A', null]);
  });

  it('maps rack, PDU and CDU column names onto the vocabulary and the target', () => {
    const env = (h: string): string | undefined => {
      const c = interpretColumn(h, 'env', false);
      return c.metric ?? c.role;
    };
    const cdu = (h: string): string | undefined => {
      const c = interpretColumn(h, 'cdu', false);
      return c.metric ?? c.role;
    };
    expect(['Inlet Temp (°F)', 'Exhaust Temperature', 'Delta T (°F)', 'ΔT (K)', 'Humidity (%RH)', 'Dew Point (°C)', 'Pwr.kW', 'Pwr Max.kW', 'Energy.kWh', 'Ph I.A', 'Rack', 'Sensor', 'PDU', 'Status', 'Location', 'Timestamp'].map(env)).toEqual([
      'inlet_temp_c',
      'outlet_temp_c',
      'delta_t_k',
      'delta_t_k',
      'humidity_pct',
      'dew_point_c',
      'rack_power_w',
      'ignored',
      'rack_energy_kwh',
      'rack_current_a',
      'target',
      'target',
      'target',
      'status',
      'location',
      'timestamp',
    ]);
    expect(
      ['SupplyTemperatureCelsius', 'ReturnTemperatureCelsius', 'DeltaTemperatureCelsius', 'FlowLitersPerMinute', 'DeltaPressurekPa', 'HeatRemovedkW', 'PumpSpeedPercent', 'LeakDetectorState', 'liquid_inlet_0_flow_primary', 'liquid_outlet_0_temperature_secondary', 'liquid_inlet_0_temperature_secondary'].map(cdu),
    ).toEqual(['coolant_supply_c', 'coolant_return_c', 'coolant_delta_t_k', 'coolant_flow_lpm', 'coolant_pressure_kpa', 'heat_removed_kw', 'pump_speed_pct', 'leak', 'facility_flow_lpm', 'coolant_supply_c', 'coolant_return_c']);
  });
});

describe('identities', () => {
  it('spells bus ids and UUIDs one way', () => {
    expect(normaliseBusId('0000:cb:00.0')).toBe('00000000:CB:00.0');
    expect(normaliseBusId('00000000:18:00.0')).toBe('00000000:18:00.0');
    expect(normaliseBusId('18:00.0')).toBe('00000000:18:00.0');
    expect(normaliseBusId('GPU0')).toBeNull();
    expect(normaliseUuid('gpu-ABCDEF01-0000-4000-8000-000000000001')).toBe('GPU-abcdef01-0000-4000-8000-000000000001');
  });
});

describe('byte-level scanning (the long format fast path)', () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

  it('reads plain decimals exactly as Number() does, and declines anything else', () => {
    for (const text of ['0', '61.5', '-0.25', '612.345000', '123456789012345', '0.1', '99.99', '+7']) {
      const b = bytes(text);
      expect(scanDecimal(b, 0, b.length)).toBe(Number(text));
    }
    for (const text of ['', '1e3', '12 W', 'N/A', '1.2.3', '1234567890123456789']) {
      const b = bytes(text);
      expect(scanDecimal(b, 0, b.length)).toBeNaN();
    }
  });

  it('reads ISO times with Z, offsets, fractions, naive times and epochs; declines impossible dates', () => {
    const scanner = new TimeScanner();
    const out = { ms: 0, naive: false };
    const scan = (text: string): [number, boolean] | null => {
      const b = bytes(text);
      return scanner.scan(b, 0, b.length, out) ? [out.ms, out.naive] : null;
    };
    expect(scan('2026-07-14T08:12:53Z')).toEqual([Date.parse('2026-07-14T08:12:53Z'), false]);
    expect(scan('2026-07-14T08:12:53.5Z')).toEqual([Date.parse('2026-07-14T08:12:53.500Z'), false]);
    expect(scan('2026-07-14 10:12:53+02:00')).toEqual([Date.parse('2026-07-14T08:12:53Z'), false]);
    expect(scan('2026-07-14T03:12:53-0500')).toEqual([Date.parse('2026-07-14T08:12:53Z'), false]);
    expect(scan('2026-07-14T08:12')).toEqual([Date.parse('2026-07-14T08:12:00Z'), true]);
    expect(scan('1784016000')).toEqual([1784016000000, false]);
    expect(scan('1784016000123')).toEqual([1784016000123, false]);
    expect(scan('2026-06-31T08:00:00Z')).toBeNull();
    expect(scan('2026-07-14T25:00:00Z')).toBeNull();
  });

  it('interns byte ranges to stable ids, telling apart values that share a hash bucket', () => {
    const interner = new ByteInterner();
    const texts = Array.from({ length: 5000 }, (_, i) => `GPU-${i.toString(16).padStart(8, '0')}`);
    texts.forEach((t, i) => {
      const b = bytes(t);
      expect(interner.get(b, 0, b.length)).toBe(-1);
      interner.add(b, 0, b.length, i);
    });
    texts.forEach((t, i) => {
      const b = bytes(`,${t},`);
      expect(interner.get(b, 1, b.length - 1)).toBe(i);
    });
  });
});

describe('the vocabulary', () => {
  it('is documented, metric by metric, with its unit', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'app', 'telemetry', 'README.md'), 'utf8');
    const vocabulary = readme.slice(readme.indexOf('## The metric vocabulary'));
    const documented = [...vocabulary.matchAll(/^\| `([a-z0-9_]+)` \| ([^|]+) \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(METRICS.map((m) => m.name));
    for (const name of ['gpu_temp_c', 'hbm_temp_c', 'gpu_tlimit_c', 'gpu_power_w', 'gpu_power_limit_w', 'gpu_util_pct', 'mem_used_mib', 'sm_clock_mhz', 'ecc_uncorrected', 'xid_last', 'throttle_thermal', 'throttle_power', 'inlet_temp_c', 'outlet_temp_c', 'delta_t_k', 'humidity_pct', 'dew_point_c', 'rack_power_w', 'coolant_supply_c', 'coolant_return_c', 'coolant_delta_t_k', 'coolant_flow_lpm', 'coolant_pressure_kpa', 'heat_removed_kw', 'pump_speed_pct', 'leak']) {
      expect(metricDef(name).name).toBe(name);
    }
  });
});
