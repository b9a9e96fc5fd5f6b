import type { ChangeEntry } from '../../app/inventory/change-log';
import { HISTORY_ENTITIES, type Route } from '../shell/route';

/** Turning change-log entries into words and field diffs. Pure. */

export interface FieldChange {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The fields a change touched: for an update the ones that differ, for a create or delete every field. */
export function changedFields(entry: ChangeEntry): FieldChange[] {
  const before = isRecord(entry.before) ? entry.before : {};
  const after = isRecord(entry.after) ? entry.after : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes: FieldChange[] = [];
  for (const field of keys) {
    if (field === 'id') continue;
    const a = showValue(before[field]);
    const b = showValue(after[field]);
    if (a !== b || entry.action === 'create' || entry.action === 'delete') changes.push({ field, before: a, after: b });
  }
  return changes;
}

/** A name for the thing changed, from whichever side of the entry still has one. */
export function entityName(entry: ChangeEntry): string {
  const side = isRecord(entry.after) ? entry.after : isRecord(entry.before) ? entry.before : {};
  const name = side['hostname'] ?? side['name'] ?? side['code'] ?? side['serial'] ?? side['uuid'];
  const id = entry.entityId === null ? '' : ` ${entry.entityId}`;
  return typeof name === 'string' && name.length > 0 ? `${entry.entity} ${name}` : `${entry.entity}${id}`;
}

const ACTION_WORDS: Readonly<Record<ChangeEntry['action'], string>> = {
  create: 'created',
  update: 'changed',
  delete: 'deleted',
  move: 'moved',
  bulk: 'bulk write',
};

export function describeChange(entry: ChangeEntry): string {
  const fields = entry.action === 'update' || entry.action === 'move' ? changedFields(entry).map((c) => c.field) : [];
  const detail = fields.length > 0 ? ` (${fields.slice(0, 4).join(', ')}${fields.length > 4 ? '…' : ''})` : '';
  return `${entityName(entry)} ${ACTION_WORDS[entry.action]}${detail}`;
}

/** Where an entry's entity can be seen, when it still exists somewhere we can route to. */
export function entryRoute(entry: ChangeEntry): Route | null {
  if (entry.entityId === null) return null;
  const side = isRecord(entry.after) ? entry.after : isRecord(entry.before) ? entry.before : {};
  switch (entry.entity) {
    case 'site':
      return { view: 'site', siteId: entry.entityId };
    case 'room':
      return { view: 'room', roomId: entry.entityId, tab: 'racks' };
    case 'rack':
      return { view: 'rack', rackId: entry.entityId, deviceId: null, acceleratorId: null, u: null };
    case 'device':
      return { view: 'device', deviceId: entry.entityId, acceleratorId: null };
    case 'accelerator': {
      const deviceId = side['deviceId'] ?? side['device_id'];
      return typeof deviceId === 'number' ? { view: 'device', deviceId, acceleratorId: entry.entityId } : null;
    }
    default:
      return null;
  }
}

export function historyRoute(entry: ChangeEntry): Route | null {
  const entity = HISTORY_ENTITIES.find((e) => e === entry.entity);
  return entity && entry.entityId !== null ? { view: 'history', entity, entityId: entry.entityId } : null;
}
