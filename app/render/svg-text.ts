/** Small pure helpers for building SVG markup as text (no DOM), shared by the renderers in app/render. */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an SVG/XML text node or a double-quoted attribute value. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** A coordinate with at most one decimal, so the markup stays short and stable. */
export function num(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export type AttrValue = string | number | null | undefined | false;

/** ` name="value"` pairs; numbers are rounded, strings escaped, null/undefined/false left out. */
export function attrs(values: Readonly<Record<string, AttrValue>>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === false) continue;
    out += ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
  }
  return out;
}

/** Cuts a label to fit about `maxChars` characters, with an ellipsis when it had to cut. */
export function fitText(text: string, maxChars: number): string {
  if (maxChars <= 0) return '';
  if (text.length <= maxChars) return text;
  if (maxChars === 1) return '…';
  return `${text.slice(0, maxChars - 1)}…`;
}
