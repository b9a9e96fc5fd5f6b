import type { Db } from '../../db/open';
import { Progress, type ProgressSink } from '../../core/progress';
import { inTransaction } from '../../inventory/writes/context';
import type { NetboxServer } from '../client';
import { PullApplier, type PullCounts } from './apply';
import { fetchSite } from './fetch';

export interface PullResult {
  readonly server: string;
  readonly site: string;
  readonly location: string | null;
  /** NetBox objects read: site, locations, racks, devices, inventory items. */
  readonly objects: number;
  readonly locations: number;
  readonly racks: number;
  readonly devices: number;
  readonly inventoryItems: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: PullCounts['skipped'];
  readonly seconds: number;
}

export interface PullOptions {
  readonly site: string;
  readonly location?: string | undefined;
  readonly actor: string;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressSink | undefined;
}

/**
 * `netbox pull`: everything first comes over the network (nothing is written while NetBox answers), then one
 * transaction applies it — all of it or, on an error or a cancel, none.
 */
export async function pullSite(db: Db, server: NetboxServer, options: PullOptions): Promise<PullResult> {
  const started = Date.now();
  const progress = new Progress(options.onProgress);
  const reading = progress.phase('Reading NetBox', 0, 0.7);
  const snap = await fetchSite(server, options.site, options.location, options.signal, (n) => reading.tick(n));
  reading.finish();
  const objects = 1 + snap.locations.length + snap.racks.length + snap.devices.length + snap.items.length;
  const writing = progress.phase('Writing the inventory', objects, 1);
  const reason = `NetBox pull of site ${snap.site.slug}${options.location ? ` / ${options.location}` : ''} from ${server.url}`;
  const counts = inTransaction(
    db,
    () => {
      const applier = new PullApplier(db, server.url, { actor: options.actor, reason }, writing, options.signal);
      applier.apply(snap);
      const c = applier.counts;
      db.prepare('INSERT INTO netbox_pulls (server, site, location, at, objects, created, updated, unchanged, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        server.url, snap.site.slug, options.location ?? null, new Date().toISOString(), objects, c.created, c.updated, c.unchanged, JSON.stringify(c.skipped),
      );
      return c;
    },
    'immediate',
  );
  writing.finish();
  return {
    server: server.url,
    site: snap.site.slug,
    location: options.location ?? null,
    objects,
    locations: snap.locations.length,
    racks: snap.racks.length,
    devices: snap.devices.length,
    inventoryItems: snap.items.length,
    created: counts.created,
    updated: counts.updated,
    unchanged: counts.unchanged,
    skipped: counts.skipped,
    seconds: (Date.now() - started) / 1000,
  };
}
