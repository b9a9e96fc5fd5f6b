import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbWorkerClient } from '../../main/worker/db-client';
import { FloorwalkError } from '../../app/core/errors';
import { runFloorwalk } from '../support/cli';
import { REPO_ROOT, tempDir } from '../support/temp';

const WORKER_FILE = path.join(REPO_ROOT, 'dist', 'main', 'db-worker.js');
let client: DbWorkerClient;
let cleanup: () => void;
let dbPath: string;

beforeAll(async () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  dbPath = path.join(temp.dir, 'worker.db');
  expect(runFloorwalk(['--db', dbPath, 'demo', '--accelerators', '400']).code).toBe(0);
  client = await DbWorkerClient.start({ dbPath, create: false }, WORKER_FILE);
});
afterAll(async () => {
  await client.close();
  cleanup();
});

describe('database worker', () => {
  it('answers contract requests off the calling thread', async () => {
    await expect(client.call('inventory.stats', {}, 'test')).resolves.toMatchObject({ accelerators: 400 });
  });

  it('keeps request order and returns errors as FloorwalkErrors with their field', async () => {
    const [ok, bad] = await Promise.allSettled([client.call('inventory.tree', {}, 'test'), client.call('room.detail', { roomId: 0 }, 'test')]);
    expect(ok.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    const error = (bad as PromiseRejectedResult).reason as FloorwalkError;
    expect(error).toBeInstanceOf(FloorwalkError);
    expect(error.code).toBe('invalid_input');
    expect(error.field).toBe('roomId');
  });

  it('refuses to start on a file that is not a Floorwalk database, with the reason', async () => {
    await expect(DbWorkerClient.start({ dbPath: path.join(path.dirname(dbPath), 'absent.db'), create: false }, WORKER_FILE)).rejects.toThrow(/No Floorwalk database/);
  });

  it('a request cancelled before it starts writes nothing and says so', async () => {
    const controller = new AbortController();
    // A streaming import yields between its batches, so the cancel message is read while stats still waits.
    const rows = Array.from({ length: 50_000 }, (_, i) => `${1_700_000_000_000 + i * 1000},cancel-probe,inlet_temp_c,22.5`);
    const text = ['timestamp,target,metric,value', ...rows].join('\n');
    const slow = client.call('telemetry.import', { source: { text, name: 'probe.csv' }, format: 'long' }, 'test');
    // A write waits for the writer; a read would go to an idle reader and start at once.
    const cancelled = client.call('telemetry.import', { source: { text: 'timestamp,target,metric,value', name: 'second.csv' }, format: 'long' }, 'test', undefined, controller.signal);
    controller.abort();
    await slow;
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('serves reads from the read pool while the writer imports', async () => {
    expect(client.readerCount).toBeGreaterThan(0);
    const rows = Array.from({ length: 200_000 }, (_, i) => `${1_700_000_000_000 + i * 1000},pool-probe,inlet_temp_c,22.5`);
    const text = ['timestamp,target,metric,value', ...rows].join('\n');
    const order: string[] = [];
    const slow = client.call('telemetry.import', { source: { text, name: 'pool.csv' }, format: 'long' }, 'test').then(() => order.push('import'));
    const read = client.call('inventory.search', { query: 'gpu' }, 'test').then((hits) => {
      order.push('search');
      return hits;
    });
    await Promise.all([slow, read]);
    // One thread would have answered in arrival order; the reader answers before the import ends.
    expect(order).toEqual(['search', 'import']);
    expect((await read as unknown[]).length).toBeGreaterThan(0);
  });

  it('a reader refuses to write: a request declared read runs on a read-only connection', async () => {
    const { contract } = await import('../../app/api/contract');
    const reads = Object.entries(contract).filter(([, def]) => def.access === 'read').map(([name]) => name);
    expect(reads).toContain('inventory.search');
    expect(reads).not.toContain('rack.move');
  });

  it('carries console calls: a request that names a file is refused, whatever the page sends', async () => {
    await expect(client.call('db.backup', { out: path.join(path.dirname(dbPath), 'from-page.db') }, 'test')).rejects.toThrow(/only the floorwalk CLI/);
    await expect(client.call('telemetry.detect', { source: { path: '/etc/passwd' } }, 'test')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
