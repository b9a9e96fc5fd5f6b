import type { Migration } from '../migration';
import { DEVICE_CATALOG } from '../../inventory/catalog';
import { seedCatalog } from './catalog-seed';

const NVL72_SLUGS = ['nvidia-gb200-nvl72-compute-tray', 'nvidia-gb200-nvl72-switch-tray', 'nvidia-gb200-nvl72-power-shelf'];

/**
 * Adds the GB200 NVL72 rack-scale parts to a catalog seeded before they existed. A database created now
 * already has them from 002 (which seeds the whole catalog), so this is a no-op there.
 */
export const migration009: Migration = {
  version: 9,
  name: 'nvl72-catalog',
  up(db) {
    seedCatalog(db, DEVICE_CATALOG.filter((t) => NVL72_SLUGS.includes(t.slug)), 'keep-existing');
  },
};
