import type { Migration } from '../migration';

/**
 * Indexes for the floor map's per-rack figures (app/floor/data.ts). accelerators(status, device_id) lets
 * the map find the few accelerators that are not ok (failed, degraded, missing, RMA) without reading every
 * GPU of the hall: in a healthy 100,000-GPU hall that is a few hundred index entries instead of 100,000
 * rows. Counting a device's accelerators already uses the (device_id, slot) unique index. Safe to run again.
 */
export const migration007: Migration = {
  version: 7,
  name: 'floor-indexes',
  up(db) {
    db.exec('CREATE INDEX IF NOT EXISTS accelerators_by_status ON accelerators(status, device_id)');
  },
};
