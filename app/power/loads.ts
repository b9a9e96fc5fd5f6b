import type { Db } from '../db/open';
import type { SiteData } from './site';
import type { LoadSource, RackLoad } from './types';

/** Latest readings of a site's PDUs, racks and GPUs (exported for their query-plan test). */
export const PDU_POWER_SQL = `SELECT d.rack_id, l.value, l.ts FROM rooms rm JOIN racks r ON r.room_id = rm.id JOIN devices d ON d.rack_id = r.id
   JOIN device_types t ON t.id = d.type_id AND t.category = 'pdu'
   JOIN telemetry_targets tt ON tt.kind = 'device' AND tt.entity_id = d.id
   JOIN telemetry_latest l ON l.target_id = tt.id AND l.metric_id = ?
   WHERE rm.site_id = ?`;
export const RACK_POWER_SQL = `SELECT r.id, l.value, l.ts FROM rooms rm JOIN racks r ON r.room_id = rm.id
   JOIN telemetry_targets tt ON tt.kind = 'rack' AND tt.entity_id = r.id
   JOIN telemetry_latest l ON l.target_id = tt.id AND l.metric_id = ?
   WHERE rm.site_id = ?`;
export const GPU_POWER_SQL = `SELECT a.device_id, total(l.value), count(*), max(l.ts)
   FROM rooms rm JOIN racks r ON r.room_id = rm.id JOIN devices d ON d.rack_id = r.id JOIN accelerators a ON a.device_id = d.id
   JOIN telemetry_targets tt ON tt.kind = 'accelerator' AND tt.entity_id = a.id
   JOIN telemetry_latest l ON l.target_id = tt.id AND l.metric_id = ?
   WHERE rm.site_id = ? GROUP BY a.device_id`;

function metricId(db: Db, name: string): number | null {
  const row = db.prepare('SELECT id FROM telemetry_metrics WHERE name = ?').get(name) as { id: number } | undefined;
  return row?.id ?? null;
}

/**
 * The load of every rack of a site, from the best figure there is:
 * 1. the rack's PDU kW telemetry (latest `rack_power_w` of its zero-U PDUs, or of the rack itself);
 * 2. else per server, its GPUs' latest `gpu_power_w` summed, plus the non-GPU share of its nameplate
 *    (nameplate − GPUs × TDP: CPUs, fans, NICs draw whatever the GPUs do); servers without GPU readings
 *    and other devices at nameplate — the rack is `gpu-telemetry` when every GPU server reported, `mixed`
 *    when some did;
 * 3. else the nameplate maximum of its devices (planned devices included: they hold their reservation).
 */
export function siteRackLoads(db: Db, site: SiteData): Map<number, RackLoad> {
  const { siteId, devices } = site;
  const rackPowerMetric = metricId(db, 'rack_power_w');
  const gpuPowerMetric = metricId(db, 'gpu_power_w');
  const pduKw = new Map<number, { kw: number; at: number }>();
  if (rackPowerMetric !== null) {
    // A rack-level reading wins over its PDUs' (a rack meter already sums them); PDUs are summed.
    const perPdu = db
      .prepare(PDU_POWER_SQL)
      .raw(true)
      .all(rackPowerMetric, siteId) as Array<[number, number, number]>;
    for (const [rackId, w, ts] of perPdu) {
      const prev = pduKw.get(rackId);
      pduKw.set(rackId, { kw: (prev?.kw ?? 0) + w / 1000, at: Math.max(prev?.at ?? 0, ts) });
    }
    const perRack = db
      .prepare(RACK_POWER_SQL)
      .raw(true)
      .all(rackPowerMetric, siteId) as Array<[number, number, number]>;
    for (const [rackId, w, ts] of perRack) pduKw.set(rackId, { kw: w / 1000, at: ts });
  }

  const gpuByDevice = new Map<number, { w: number; n: number; at: number }>();
  if (gpuPowerMetric !== null) {
    const rows = db
      .prepare(GPU_POWER_SQL)
      .raw(true)
      .all(gpuPowerMetric, siteId) as Array<[number, number, number, number]>;
    for (const [deviceId, w, n, at] of rows) gpuByDevice.set(deviceId, { w, n, at });
  }

  const acc = new Map<number, { nameplateW: number; estimateW: number; servers: number; measuredServers: number; at: number }>();
  for (const rack of site.racks) acc.set(rack.id, { nameplateW: 0, estimateW: 0, servers: 0, measuredServers: 0, at: 0 });
  for (let i = 0; i < devices.count; i++) {
    if (devices.drawing[i] === 0) continue;
    const a = acc.get(devices.rackId[i] as number);
    if (!a) continue;
    const type = site.types.get(devices.typeId[i] as number);
    if (!type) continue;
    const { maxPowerW, accelCount } = type;
    a.nameplateW += maxPowerW;
    const gpu = accelCount > 0 && gpuByDevice.size > 0 ? gpuByDevice.get(devices.deviceId[i] as number) : undefined;
    if (accelCount > 0) a.servers++;
    if (gpu) {
      const tdpW = type.accelTdpW;
      const nonGpuW = Math.max(0, maxPowerW - accelCount * tdpW);
      // GPUs that did not report count at their TDP: an unknown is never read as idle.
      const unreportedW = Math.max(0, accelCount - gpu.n) * tdpW;
      a.estimateW += gpu.w + unreportedW + nonGpuW;
      a.measuredServers++;
      a.at = Math.max(a.at, gpu.at);
    } else {
      a.estimateW += maxPowerW;
    }
  }

  const out = new Map<number, RackLoad>();
  for (const [rackId, a] of acc) {
    const nameplateKw = a.nameplateW / 1000;
    const pdu = pduKw.get(rackId);
    if (pdu) {
      out.set(rackId, { rackId, loadKw: pdu.kw, source: 'pdu-telemetry', nameplateKw, at: pdu.at });
      continue;
    }
    const source: LoadSource = a.measuredServers === 0 ? 'nameplate' : a.measuredServers === a.servers ? 'gpu-telemetry' : 'mixed';
    out.set(rackId, { rackId, loadKw: a.estimateW / 1000, source, nameplateKw, at: source === 'nameplate' ? null : a.at });
  }
  return out;
}
