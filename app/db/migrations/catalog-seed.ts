import type Database from 'better-sqlite3';
import type { CatalogEntry } from '../../inventory/catalog';

/**
 * Inserts catalog parts. `strict` fails on a slug already present (the first seed of a new database, where a
 * collision means the file is not what it claims); `keep-existing` leaves such a type as it is (a later seed
 * into a database whose user may have edited that type).
 */
export function seedCatalog(db: Database.Database, types: readonly CatalogEntry[], mode: 'strict' | 'keep-existing'): void {
  const insert = db.prepare(`
    INSERT ${mode === 'strict' ? '' : 'OR IGNORE '}INTO device_types (slug, vendor, model, category, u_height, full_depth, max_power_w, accel_count,
      accel_model, accel_form, accel_tdp_w, accel_memory_gb, airflow)
    VALUES (@slug, @vendor, @model, @category, @uHeight, @fullDepth, @maxPowerW, @accelCount,
      @accelModel, @accelForm, @accelTdpW, @accelMemoryGb, @airflow)`);
  for (const type of types) {
    insert.run({
      ...type,
      fullDepth: type.fullDepth ? 1 : 0,
      accelModel: type.accelModel ?? null,
      accelForm: type.accelForm ?? null,
      accelTdpW: type.accelTdpW ?? null,
      accelMemoryGb: type.accelMemoryGb ?? null,
    });
  }
}
