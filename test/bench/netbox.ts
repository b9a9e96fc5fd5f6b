import path from 'node:path';
import { openDatabase } from '../../app/db/open';
import { pullSite } from '../../app/netbox/pull';
import { startNetboxPeer } from '../netbox/peer';
import { seedHall } from '../netbox/seed';

const ACTOR = 'bench';

/**
 * Issue 13's figure: pull rate (NetBox objects per second) of a hall of 2 locations, 40 racks, 300 servers and
 * 2,400 GPU inventory items from a real local NetBox (its development server, on this machine), first pull
 * into an empty database and a re-pull that changes nothing.
 */
export async function benchNetbox(dir: string): Promise<string[]> {
  const peer = startNetboxPeer();
  try {
    const seedStarted = performance.now();
    await seedHall(peer, 'bench', { locations: 2, racks: 40, devices: 300, gpusPerDevice: 8 });
    const seedS = (performance.now() - seedStarted) / 1000;
    const db = openDatabase(path.join(dir, 'netbox-pull.db'), { create: true });
    try {
      const first = await pullSite(db, { url: peer.url, token: peer.token }, { site: 'bench', actor: ACTOR });
      const again = await pullSite(db, { url: peer.url, token: peer.token }, { site: 'bench', actor: ACTOR });
      const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-US')} objects/s`;
      return [
        `NetBox peer start: ${peer.timings}; seeding the hall over REST ${seedS.toFixed(1)} s`,
        `netbox pull, first: ${first.objects.toLocaleString('en-US')} objects in ${first.seconds.toFixed(2)} s = ${rate(first.objects, first.seconds)} (${first.created} created)`,
        `netbox pull, again: ${again.objects.toLocaleString('en-US')} objects in ${again.seconds.toFixed(2)} s = ${rate(again.objects, again.seconds)} (${again.unchanged} unchanged, ${again.updated} updated)`,
      ];
    } finally {
      db.close();
    }
  } finally {
    peer.stop();
  }
}
