import type { Migration } from '../migration';
import { migration001 } from './001-inventory';
import { migration002 } from './002-device-catalog';
import { migration003 } from './003-telemetry';
import { migration004 } from './004-undo';
import { migration005 } from './005-audits';
import { migration006 } from './006-heatmap';
import { migration007 } from './007-floor-indexes';
import { migration008 } from './008-rma-health';
import { migration009 } from './009-nvl72-catalog';
import { migration010 } from './010-power-chain';
import { migration011 } from './011-netbox-links';
import { migration012 } from './012-telemetry-profiles';
import { migration013 } from './013-gb200-board-serials';
import { migration014 } from './014-telemetry-pending-batches';

/** Every schema version in order. The last one is the version this code writes. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014];

export const SCHEMA_VERSION = MIGRATIONS.reduce((latest, m) => Math.max(latest, m.version), 0);

// A gap or a repeat in the versions would leave a database half-described; refuse to start with one.
MIGRATIONS.forEach((migration, index) => {
  if (migration.version !== index + 1) throw new Error(`migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
});
