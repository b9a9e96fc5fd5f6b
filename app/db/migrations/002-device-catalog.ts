import type { Migration } from '../migration';
import { DEVICE_CATALOG } from '../../inventory/catalog';

/** Seeds the device-type catalog with real parts so a new database can place real hardware at once. */
export const migration002: Migration = {
  version: 2,
  name: 'device-catalog',
  up(db) {
    const insert = db.prepare(`
      INSERT INTO device_types (slug, vendor, model, category, u_height, full_depth, max_power_w, accel_count,
        accel_model, accel_form, accel_tdp_w, accel_memory_gb, airflow)
      VALUES (@slug, @vendor, @model, @category, @uHeight, @fullDepth, @maxPowerW, @accelCount,
        @accelModel, @accelForm, @accelTdpW, @accelMemoryGb, @airflow)`);
    for (const type of DEVICE_CATALOG) {
      insert.run({
        ...type,
        fullDepth: type.fullDepth ? 1 : 0,
        accelModel: type.accelModel ?? null,
        accelForm: type.accelForm ?? null,
        accelTdpW: type.accelTdpW ?? null,
        accelMemoryGb: type.accelMemoryGb ?? null,
      });
    }
  },
};
