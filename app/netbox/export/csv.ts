/**
 * CSV as NetBox's bulk import reads it (Python's csv module): comma, double quotes doubled, CRLF. Unlike the
 * spreadsheet export, cells are not prefixed with an apostrophe: NetBox would store it as part of the value.
 */
export type NetboxCell = string | number | boolean | null;

function cell(value: NetboxCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export function netboxCsv(header: readonly string[], rows: readonly (readonly NetboxCell[])[]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
