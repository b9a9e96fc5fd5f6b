import type { Migration } from '../migration';
import { migration001 } from './001-inventory';
import { migration002 } from './002-device-catalog';

/** Every schema version in order. The last one is the version this code writes. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002];

export const SCHEMA_VERSION = MIGRATIONS.length;
