/** How the Sync page names fields and values of a local change (pure, for the tables and their tests). */
const FIELD_LABELS: Record<string, string> = {
  rackId: 'rack',
  roomId: 'room',
  deviceId: 'server',
  typeId: 'type',
  uPosition: 'U',
  uHeight: 'height (U)',
  assetTag: 'asset tag',
  pciBusId: 'PCI bus id',
  uuid: 'UUID',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** A value as a technician reads it: ids of local objects as #id, nothing as an em dash. */
export function valueText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number' && field.endsWith('Id') && field !== 'pciBusId') return `#${value}`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "status active → missing" for a change, "status missing" for a new object. */
export function changeText(field: { field: string; before: unknown; after: unknown }, created: boolean): string {
  const name = fieldLabel(field.field);
  return created ? `${name} ${valueText(field.field, field.after)}` : `${name} ${valueText(field.field, field.before)} → ${valueText(field.field, field.after)}`;
}
