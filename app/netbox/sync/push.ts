import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import { Progress, type ProgressSink, type PhaseTicker } from '../../core/progress';
import { loadRow, type EntityName } from '../../inventory/writes/tables';
import { NetboxRefusal, netboxFetch, type NetboxServer } from '../client';
import { deviceStatusToNetbox, gpuStatusToNetbox } from '../status';
import { CreateResolver, ENDPOINT } from './create';
import { CREATED_BASE_FIELDS, localChanges, type LocalChange } from './diff';
import { recordPush } from './status';

const CHANGELOG_MESSAGE_MAX_CHARS = 200;
/** New objects go to NetBox as lists (one POST, one transaction in NetBox) of at most this many. */
export const CREATE_BATCH = 250;

export type PushOutcome = 'pushed' | 'would push' | 'created' | 'would create' | 'conflict' | 'refused' | 'deleted locally';

export interface PushItem {
  readonly kind: string;
  /** NetBox's id; for an object this push created, the id NetBox gave it (null on a dry run or a refusal). */
  readonly netboxId: number | null;
  readonly label: string;
  readonly fields: string[];
  readonly body: Record<string, unknown>;
  readonly changelogMessage: string;
  readonly result: PushOutcome;
  readonly reason?: string;
}

export interface PushResult {
  readonly server: string;
  readonly dryRun: boolean;
  readonly branch: string | null;
  readonly pushed: number;
  readonly created: number;
  readonly conflicts: number;
  readonly refused: number;
  readonly items: PushItem[];
}

/** The NetBox PATCH body for one local change, or a reason it cannot be sent. */
function netboxBody(db: Db, server: string, change: LocalChange): { body: Record<string, unknown>; note?: string } | { refused: string } {
  const body: Record<string, unknown> = {};
  const cf: Record<string, unknown> = {};
  let note: string | undefined;
  for (const { field, after } of change.fields) {
    const text = typeof after === 'string' ? after : after === null ? null : JSON.stringify(after);
    if (change.kind === 'device') {
      if (field === 'rackId') {
        const rack = after === null ? null : (db.prepare("SELECT netbox_id FROM netbox_links WHERE server = ? AND entity = 'rack' AND entity_id = ?").pluck().get(server, after) as number | undefined);
        if (rack === undefined) return { refused: 'it moved to a rack NetBox does not know (pull or export that rack first)' };
        body['rack'] = rack;
      } else if (field === 'uPosition') body['position'] = after;
      else if (field === 'face') body['face'] = after;
      else if (field === 'status') {
        const mapped = deviceStatusToNetbox(String(after));
        body['status'] = mapped.status;
        note = mapped.note;
      } else if (field === 'serial') body['serial'] = text ?? '';
      else if (field === 'assetTag') body['asset_tag'] = text;
      else if (field === 'hostname') body['name'] = text;
      else if (field === 'role' || field === 'typeId') return { refused: `its ${field === 'role' ? 'role' : 'device type'} changed; push does not retype devices in NetBox` };
    } else if (change.kind === 'inventory_item') {
      if (field === 'serial') body['serial'] = text ?? '';
      else if (field === 'status') {
        const mapped = gpuStatusToNetbox(String(after));
        body['status'] = mapped.status;
        note = mapped.note;
      } else if (field === 'uuid') cf['gpu_uuid'] = text;
      else if (field === 'pciBusId') cf['pci_bus_id'] = text;
      else if (field === 'model') body['part_id'] = text ?? '';
      else if (field === 'firmware') body['description'] = text === null ? '' : `firmware ${text}`;
      else if (field === 'deviceId' || field === 'slot') return { refused: 'the GPU moved to another server or slot; move it in NetBox' };
    } else if (change.kind === 'rack') {
      if (field === 'name') body['name'] = text;
      else if (field === 'uHeight') body['u_height'] = after;
      else if (field === 'assetTag') body['asset_tag'] = text;
    } else if (field === 'name') body['name'] = text;
    else if (change.kind === 'site' && field === 'timezone') body['time_zone'] = text;
  }
  if (Object.keys(cf).length > 0) body['custom_fields'] = cf;
  return note === undefined ? { body } : { body, note };
}

function messageOf(change: LocalChange): string {
  return (change.reasons.join('; ') || (change.created ? 'Floorwalk: made offline' : 'Floorwalk offline change')).slice(0, CHANGELOG_MESSAGE_MAX_CHARS);
}

function itemBase(change: LocalChange): Pick<PushItem, 'kind' | 'netboxId' | 'label' | 'fields' | 'changelogMessage'> {
  return { kind: change.kind, netboxId: change.netboxId, label: change.label, fields: change.fields.map((f) => f.field), changelogMessage: messageOf(change) };
}

interface PushContext {
  readonly db: Db;
  readonly server: NetboxServer;
  readonly dryRun: boolean;
  readonly branch: string | null;
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal | undefined;
  readonly ticker: PhaseTicker;
  readonly items: PushItem[];
}

function checkCancel(ctx: PushContext): void {
  if (ctx.signal?.aborted) {
    const done = ctx.items.filter((i) => i.result === 'pushed' || i.result === 'created').length;
    throw new FloorwalkError('cancelled', `The push was cancelled after ${done} write(s); those are in NetBox and recorded here.`);
  }
}

/**
 * `netbox push`: new racks first (so moves into them can follow), then each change since the pull as one PATCH
 * with Floorwalk's change-log reason as its changelog_message, then new devices and their GPUs as list POSTs.
 * Before a PATCH the object is read again: if NetBox's last_updated moved on since the pull, someone else
 * changed it and the change is a conflict, reported and not sent. A created object is linked to its new
 * NetBox id, so a second push sends nothing.
 */
export async function pushChanges(
  db: Db,
  server: NetboxServer,
  options: { dryRun: boolean; branch?: string | undefined; signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined },
): Promise<PushResult> {
  const changes = localChanges(db, server.url);
  const headers: Record<string, string> = {};
  if (options.branch !== undefined) headers['X-NetBox-Branch'] = await branchSchema(server, options.branch, options.dryRun, options.signal);
  const ctx: PushContext = {
    db,
    server,
    dryRun: options.dryRun,
    branch: options.branch ?? null,
    headers,
    signal: options.signal,
    ticker: new Progress(options.onProgress).phase('Pushing to NetBox', changes.length),
    items: [],
  };
  const resolver = new CreateResolver(db, server, options.signal);
  const created = (kind: string): LocalChange[] => changes.filter((c) => c.created && c.kind === kind);
  await createAll(ctx, resolver, created('rack'));
  for (const change of changes.filter((c) => !c.created)) await update(ctx, change);
  await createAll(ctx, resolver, created('device'));
  await createAll(ctx, resolver, created('inventory_item'));
  ctx.ticker.finish();
  const count = (r: PushOutcome): number => ctx.items.filter((i) => i.result === r).length;
  const result: PushResult = {
    server: server.url,
    dryRun: options.dryRun,
    branch: ctx.branch,
    pushed: count('pushed'),
    created: count('created'),
    conflicts: count('conflict'),
    refused: count('refused'),
    items: ctx.items,
  };
  recordPush(db, result);
  return result;
}

async function update(ctx: PushContext, change: LocalChange): Promise<void> {
  checkCancel(ctx);
  ctx.ticker.tick();
  const base = itemBase(change);
  if (change.deleted) {
    ctx.items.push({ ...base, body: {}, result: 'deleted locally', reason: 'deleted in Floorwalk; a push never deletes in NetBox' });
    return;
  }
  const mapped = netboxBody(ctx.db, ctx.server.url, change);
  if ('refused' in mapped) {
    ctx.items.push({ ...base, body: {}, result: 'refused', reason: mapped.refused });
    return;
  }
  if (Object.keys(mapped.body).length === 0) return;
  const body = { ...mapped.body, changelog_message: base.changelogMessage };
  const path = `/api/${ENDPOINT[change.kind]}/${change.netboxId ?? 0}/`;
  const current = await netboxFetch<{ last_updated: string | null }>(ctx.server, 'GET', path, undefined, ctx.signal);
  if (current.body.last_updated !== change.lastUpdated) {
    ctx.items.push({ ...base, body, result: 'conflict', reason: `changed in NetBox at ${current.body.last_updated ?? '?'} since the pull (${change.lastUpdated ?? 'never'}); pull again, then decide` });
    return;
  }
  const note = mapped.note ? { reason: mapped.note } : {};
  if (ctx.dryRun) {
    ctx.items.push({ ...base, body, result: 'would push', ...note });
    return;
  }
  let written: { last_updated: string | null };
  try {
    written = (await netboxFetch<{ last_updated: string | null }>(ctx.server, 'PATCH', path, body, ctx.signal, ctx.headers)).body;
  } catch (error) {
    if (!(error instanceof NetboxRefusal)) throw error;
    ctx.items.push({ ...base, body, result: 'refused', reason: error.message });
    return;
  }
  // The pushed state is the new base: the next diff shows only what changes after this push. Into a branch,
  // main's last_updated is still the one to compare with (the branch is not merged yet).
  const now = ctx.db.prepare('SELECT base, last_updated FROM netbox_links WHERE server = ? AND kind = ? AND netbox_id = ?').get(ctx.server.url, change.kind, change.netboxId) as { base: string; last_updated: string | null };
  const nextBase = { ...(JSON.parse(now.base) as Record<string, unknown>) };
  for (const f of change.fields) nextBase[f.field] = f.after;
  ctx.db
    .prepare('UPDATE netbox_links SET base = ?, last_updated = ?, pulled_at = ? WHERE server = ? AND kind = ? AND netbox_id = ?')
    .run(JSON.stringify(nextBase), ctx.branch === null ? written.last_updated : now.last_updated, new Date().toISOString(), ctx.server.url, change.kind, change.netboxId);
  ctx.items.push({ ...base, body, result: 'pushed', ...note });
}

interface Prepared {
  readonly change: LocalChange;
  readonly body: Record<string, unknown>;
  readonly note: string | undefined;
}

/** Creates one kind of new object in lists; an object NetBox refuses is reported and the rest still go. */
async function createAll(ctx: PushContext, resolver: CreateResolver, changes: LocalChange[]): Promise<void> {
  const ready: Prepared[] = [];
  for (const change of changes) {
    checkCancel(ctx);
    const mapped = await resolver.body(change, messageOf(change));
    if ('refused' in mapped) {
      ctx.ticker.tick();
      ctx.items.push({ ...itemBase(change), body: {}, result: 'refused', reason: mapped.refused });
      continue;
    }
    if (ctx.dryRun) {
      ctx.ticker.tick();
      resolver.pending.set(`${change.entity}:${change.entityId}`, change.label);
      ctx.items.push({ ...itemBase(change), body: mapped.body, result: 'would create', ...(mapped.note ? { reason: mapped.note } : {}) });
      continue;
    }
    ready.push({ change, body: mapped.body, note: mapped.note });
  }
  for (let i = 0; i < ready.length; i += CREATE_BATCH) {
    checkCancel(ctx);
    await postBatch(ctx, ready.slice(i, i + CREATE_BATCH), true);
  }
}

/**
 * One list POST. NetBox writes a list all or nothing and, when it refuses one, answers with one error object
 * per item: those are reported and the others sent again once.
 */
async function postBatch(ctx: PushContext, batch: Prepared[], retry: boolean): Promise<void> {
  const [first] = batch;
  if (first === undefined) return;
  const endpoint = `/api/${ENDPOINT[first.change.kind]}/`;
  let made: { id: number; last_updated: string | null }[];
  try {
    made = (await netboxFetch<{ id: number; last_updated: string | null }[]>(ctx.server, 'POST', endpoint, batch.map((p) => p.body), ctx.signal, ctx.headers)).body;
  } catch (error) {
    if (!(error instanceof NetboxRefusal)) throw error;
    const perItem = Array.isArray(error.body) && error.body.length === batch.length ? (error.body as unknown[]) : null;
    const bad = (index: number): boolean => perItem === null || !isEmpty(perItem[index]);
    const again = batch.filter((_, index) => !bad(index));
    batch.forEach((p, index) => {
      if (!bad(index)) return;
      ctx.ticker.tick();
      const reason = perItem === null ? error.message : `NetBox refused it: ${JSON.stringify(perItem[index])}`;
      ctx.items.push({ ...itemBase(p.change), body: p.body, result: 'refused', reason });
    });
    if (retry && again.length > 0) await postBatch(ctx, again, false);
    else for (const p of again) ctx.items.push({ ...itemBase(p.change), body: p.body, result: 'refused', reason: error.message });
    return;
  }
  const link = ctx.db.prepare(
    'INSERT INTO netbox_links (server, kind, netbox_id, entity, entity_id, last_updated, base, pulled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const now = new Date().toISOString();
  const write = ctx.db.transaction(() => {
    batch.forEach((p, index) => {
      const nb = made[index];
      if (nb === undefined) return;
      const row = loadRow(ctx.db, p.change.entity as EntityName, p.change.entityId) as unknown as Record<string, unknown> | null;
      const base = Object.fromEntries((CREATED_BASE_FIELDS[p.change.kind] ?? []).map((k) => [k, row?.[k] ?? null]));
      link.run(ctx.server.url, p.change.kind, nb.id, p.change.entity, p.change.entityId, nb.last_updated, JSON.stringify(base), now);
    });
  });
  write();
  batch.forEach((p, index) => {
    ctx.ticker.tick();
    ctx.items.push({ ...itemBase(p.change), netboxId: made[index]?.id ?? null, body: p.body, result: 'created', ...(p.note ? { reason: p.note } : {}) });
  });
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0);
}

interface NbBranch {
  readonly id: number;
  readonly schema_id: string;
  readonly status: { readonly value: string };
}

/** A new branch is provisioned by a NetBox background job (a schema copy); a push waits for it this long. */
const BRANCH_READY_TIMEOUT_MS = 180_000;
const BRANCH_POLL_INTERVAL_MS = 1_000;
const BRANCH_WAITING = ['new', 'provisioning', 'syncing', 'migrating'];

/**
 * netbox-branching: the schema id of the branch (header X-NetBox-Branch), created when missing (not on a dry
 * run) and waited for until ready; a clear refusal where the plugin is absent or the branch cannot take writes.
 */
async function branchSchema(server: NetboxServer, name: string, dryRun: boolean, signal?: AbortSignal): Promise<string> {
  let found: { results: NbBranch[] };
  try {
    found = (await netboxFetch<{ results: NbBranch[] }>(server, 'GET', `/api/plugins/branching/branches/?name=${encodeURIComponent(name)}`, undefined, signal)).body;
  } catch (error) {
    // A refused token or a cancel is that; anything else here (404, an HTML page) means no plugin.
    if (error instanceof FloorwalkError && (error.code === 'cancelled' || error.field === 'token')) throw error;
    throw new FloorwalkError('invalid_input', `--branch needs the netbox-branching plugin, which ${server.url} does not answer for (${(error as Error).message}).`, { field: 'branch' });
  }
  let branch = found.results[0];
  if (branch === undefined) {
    if (dryRun) throw new FloorwalkError('not_found', `NetBox has no branch "${name}"; a push without --dry-run creates it.`, { field: 'branch' });
    branch = (await netboxFetch<NbBranch>(server, 'POST', '/api/plugins/branching/branches/', { name, description: 'Floorwalk push' }, signal)).body;
  }
  const deadline = Date.now() + BRANCH_READY_TIMEOUT_MS;
  while (BRANCH_WAITING.includes(branch.status.value)) {
    if (Date.now() > deadline) throw new FloorwalkError('io_error', `NetBox branch "${name}" is still ${branch.status.value} after ${BRANCH_READY_TIMEOUT_MS / 1000} s (is NetBox's background worker running?).`, { field: 'branch' });
    await new Promise((resolve) => setTimeout(resolve, BRANCH_POLL_INTERVAL_MS));
    if (signal?.aborted) throw new FloorwalkError('cancelled', 'The push was cancelled while NetBox prepared the branch; nothing was written.');
    branch = (await netboxFetch<NbBranch>(server, 'GET', `/api/plugins/branching/branches/${branch.id}/`, undefined, signal)).body;
  }
  if (branch.status.value !== 'ready') throw new FloorwalkError('conflict', `NetBox branch "${name}" is ${branch.status.value}, not ready for changes.`, { field: 'branch' });
  return branch.schema_id;
}
