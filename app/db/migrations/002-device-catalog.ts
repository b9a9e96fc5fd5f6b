import type { Migration } from '../migration';
import { DEVICE_CATALOG } from '../../inventory/catalog';
import { seedCatalog } from './catalog-seed';

/** Seeds the device-type catalog with real parts so a new database can place real hardware at once. */
export const migration002: Migration = {
  version: 2,
  name: 'device-catalog',
  up(db) {
    seedCatalog(db, DEVICE_CATALOG, 'strict');
  },
};
