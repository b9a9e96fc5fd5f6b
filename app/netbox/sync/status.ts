import type { Db } from '../../db/open';
import type { LinkKind } from '../pull/apply';
import type { PushItem, PushResult } from './push';

/** The last push (or dry run) to a server, kept in `meta` so the Sync page can show it after a restart. */
export interface LastPush extends Omit<PushResult, 'server' | 'items'> {
  readonly at: string;
  /** Its conflicts and refusals (at most LAST_PUSH_PROBLEMS_MAX), what a technician has to decide on. */
  readonly problems: PushItem[];
}

export interface LastPull {
  readonly site: string;
  readonly location: string | null;
  readonly at: string;
  readonly objects: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
}

/** What the Sync page shows for one NetBox server. No token, no file path. */
export interface SyncServerStatus {
  readonly server: string;
  readonly tokenSaved: boolean;
  readonly lastPull: LastPull | null;
  readonly pulls: number;
  /** Local objects linked to NetBox objects, by NetBox kind. */
  readonly linked: Record<LinkKind, number>;
  readonly lastPush: LastPush | null;
}

const LAST_PUSH_PROBLEMS_MAX = 200;
const metaKey = (server: string): string => `netbox.lastPush ${server}`;

export function recordPush(db: Db, result: PushResult): void {
  const problems = result.items.filter((i) => i.result === 'conflict' || i.result === 'refused').slice(0, LAST_PUSH_PROBLEMS_MAX);
  const last: LastPush = {
    at: new Date().toISOString(),
    dryRun: result.dryRun,
    branch: result.branch,
    pushed: result.pushed,
    created: result.created,
    conflicts: result.conflicts,
    refused: result.refused,
    problems,
  };
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(metaKey(result.server), JSON.stringify(last));
}

/** Every server this database pulled from, newest pull first. */
export function syncStatus(db: Db, hasToken: (server: string) => boolean): SyncServerStatus[] {
  const servers = db.prepare('SELECT server, count(*) AS pulls, max(id) AS last FROM netbox_pulls GROUP BY server ORDER BY max(id) DESC').all() as { server: string; pulls: number; last: number }[];
  return servers.map((s) => {
    const pull = db.prepare('SELECT site, location, at, objects, created, updated, unchanged, skipped FROM netbox_pulls WHERE id = ?').get(s.last) as Omit<LastPull, 'skipped'> & { skipped: string };
    const linked: Record<LinkKind, number> = { site: 0, location: 0, rack: 0, device: 0, inventory_item: 0 };
    for (const row of db.prepare('SELECT kind, count(*) AS n FROM netbox_links WHERE server = ? GROUP BY kind').all(s.server) as { kind: LinkKind; n: number }[]) linked[row.kind] = row.n;
    const push = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(metaKey(s.server)) as string | undefined;
    return {
      server: s.server,
      tokenSaved: hasToken(s.server),
      lastPull: { ...pull, skipped: (JSON.parse(pull.skipped) as unknown[]).length },
      pulls: s.pulls,
      linked,
      lastPush: push === undefined ? null : (JSON.parse(push) as LastPush),
    };
  });
}
