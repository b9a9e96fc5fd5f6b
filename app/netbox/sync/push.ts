import type { Db } from '../../db/open';
import { FloorwalkError } from '../../core/errors';
import { Progress, type ProgressSink } from '../../core/progress';
import { netboxFetch, type NetboxServer } from '../client';
import { deviceStatusToNetbox, gpuStatusToNetbox } from '../status';
import { localChanges, type LocalChange } from './diff';

const ENDPOINT: Record<string, string> = {
  site: 'dcim/sites',
  location: 'dcim/locations',
  rack: 'dcim/racks',
  device: 'dcim/devices',
  inventory_item: 'dcim/inventory-items',
};
const CHANGELOG_MESSAGE_MAX_CHARS = 200;

export interface PushItem {
  readonly kind: string;
  readonly netboxId: number;
  readonly label: string;
  readonly fields: string[];
  readonly body: Record<string, unknown>;
  readonly changelogMessage: string;
  readonly result: 'pushed' | 'would push' | 'conflict' | 'refused' | 'deleted locally';
  readonly reason?: string;
}

export interface PushResult {
  readonly server: string;
  readonly dryRun: boolean;
  readonly branch: string | null;
  readonly pushed: number;
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

/**
 * `netbox push`: each local change since the pull becomes one PATCH with Floorwalk's change-log reason as its
 * changelog_message. Before writing, the object is read again: if NetBox's last_updated moved on since the pull,
 * someone else changed it and the change is a conflict, reported and not sent.
 */
export async function pushChanges(
  db: Db,
  server: NetboxServer,
  options: { dryRun: boolean; branch?: string | undefined; signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined },
): Promise<PushResult> {
  const changes = localChanges(db, server.url);
  const headers: Record<string, string> = {};
  if (options.branch !== undefined) headers['X-NetBox-Branch'] = await branchSchema(server, options.branch, options.dryRun, options.signal);
  const ticker = new Progress(options.onProgress).phase('Pushing to NetBox', changes.length);
  const items: PushItem[] = [];
  const relink = db.prepare('UPDATE netbox_links SET base = ?, last_updated = ?, pulled_at = ? WHERE server = ? AND kind = ? AND netbox_id = ?');
  for (const change of changes) {
    if (options.signal?.aborted) throw new FloorwalkError('cancelled', `The push was cancelled after ${items.filter((i) => i.result === 'pushed').length} change(s).`);
    const fields = change.fields.map((f) => f.field);
    const base = { kind: change.kind, netboxId: change.netboxId, label: change.label, fields };
    const message = (change.reasons.join('; ') || 'Floorwalk offline change').slice(0, CHANGELOG_MESSAGE_MAX_CHARS);
    ticker.tick();
    if (change.deleted) {
      items.push({ ...base, body: {}, changelogMessage: message, result: 'deleted locally', reason: 'deleted in Floorwalk; a push never deletes in NetBox' });
      continue;
    }
    const mapped = netboxBody(db, server.url, change);
    if (!('refused' in mapped) && Object.keys(mapped.body).length === 0) continue;
    if ('refused' in mapped) {
      items.push({ ...base, body: {}, changelogMessage: message, result: 'refused', reason: mapped.refused });
      continue;
    }
    const body = { ...mapped.body, changelog_message: message };
    const path = `/api/${ENDPOINT[change.kind] ?? ''}/${change.netboxId}/`;
    const current = await netboxFetch<{ last_updated: string | null }>(server, 'GET', path, undefined, options.signal);
    if (current.body.last_updated !== change.lastUpdated) {
      items.push({ ...base, body, changelogMessage: message, result: 'conflict', reason: `changed in NetBox at ${current.body.last_updated ?? '?'} since the pull (${change.lastUpdated ?? 'never'}); pull again, then decide` });
      continue;
    }
    if (options.dryRun) {
      items.push({ ...base, body, changelogMessage: message, result: 'would push', ...(mapped.note ? { reason: mapped.note } : {}) });
      continue;
    }
    const written = await netboxFetch<{ last_updated: string | null }>(server, 'PATCH', path, body, options.signal, headers);
    // The pushed state is the new base: the next diff shows only what changes after this push.
    const now = db.prepare("SELECT base FROM netbox_links WHERE server = ? AND kind = ? AND netbox_id = ?").pluck().get(server.url, change.kind, change.netboxId) as string;
    const nextBase = { ...(JSON.parse(now) as Record<string, unknown>) };
    for (const f of change.fields) nextBase[f.field] = f.after;
    relink.run(JSON.stringify(nextBase), written.body.last_updated, new Date().toISOString(), server.url, change.kind, change.netboxId);
    items.push({ ...base, body, changelogMessage: message, result: 'pushed', ...(mapped.note ? { reason: mapped.note } : {}) });
  }
  ticker.finish();
  const count = (r: PushItem['result']): number => items.filter((i) => i.result === r).length;
  return { server: server.url, dryRun: options.dryRun, branch: options.branch ?? null, pushed: count('pushed'), conflicts: count('conflict'), refused: count('refused'), items };
}

/** netbox-branching: the branch's schema id, created when missing (not on a dry run); a clear refusal without the plugin. */
async function branchSchema(server: NetboxServer, name: string, dryRun: boolean, signal?: AbortSignal): Promise<string> {
  let found: { results: { schema_id: string }[] };
  try {
    found = (await netboxFetch<{ results: { schema_id: string }[] }>(server, 'GET', `/api/plugins/branching/branches/?name=${encodeURIComponent(name)}`, undefined, signal)).body;
  } catch (error) {
    throw new FloorwalkError('invalid_input', `--branch needs the netbox-branching plugin, which ${server.url} does not answer for (${(error as Error).message}).`, { field: 'branch' });
  }
  const existing = found.results[0];
  if (existing) return existing.schema_id;
  if (dryRun) throw new FloorwalkError('not_found', `NetBox has no branch "${name}"; a push without --dry-run creates it.`, { field: 'branch' });
  const created = await netboxFetch<{ schema_id: string }>(server, 'POST', '/api/plugins/branching/branches/', { name }, signal);
  return created.body.schema_id;
}
