/**
 * What an identifier (hostname, serial, asset tag, a name) may hold. Control characters, NUL and line
 * breaks break CSV, labels and scanners; bidirectional overrides and zero-width characters make two
 * different values look the same on screen (a "serial" that is not the one on the sticker). Each is
 * refused with a reason naming the character and where it is; spaces at either end are trimmed.
 */
const LINE_BREAKS = new Set([0x0a, 0x0d, 0x85, 0x2028, 0x2029]);
const BIDI = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const ZERO_WIDTH = new Set([0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

function describe(code: number): string | null {
  if (code === 0) return 'a NUL character';
  if (LINE_BREAKS.has(code)) return 'a line break';
  if (BIDI.has(code)) return 'a bidirectional control character';
  if (ZERO_WIDTH.has(code)) return 'a zero-width character';
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'a control character';
  return null;
}

/** Any character describe() refuses; most values have none, and the importer checks every identifier cell. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ANY_REFUSED = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/;

/** Why the value cannot be an identifier, or null; `what` names it ("Serial", "Hostname"). */
export function identifierProblem(value: string, what: string): string | null {
  if (!ANY_REFUSED.test(value)) return null;
  let index = 0;
  for (const ch of value) {
    index++;
    const code = ch.codePointAt(0) ?? 0;
    const description = describe(code);
    if (description) return `${what} contains ${description} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at character ${index}; type it again without it.`;
  }
  return null;
}

/**
 * Spaces (and no-break spaces a spreadsheet pastes) at either end taken off. Only spaces: a line break or
 * zero-width character at the end is refused, not silently dropped, so the technician learns the scanner
 * or the sheet adds it.
 */
export function trimIdentifier(value: string): string {
  return value.replace(/^[ \u00a0]+|[ \u00a0]+$/g, '');
}

/** The value trimmed, or the reason it is refused. */
export function cleanIdentifier(value: string, what: string): { readonly value: string } | { readonly problem: string } {
  const trimmed = trimIdentifier(value);
  const problem = identifierProblem(trimmed, what);
  return problem === null ? { value: trimmed } : { problem };
}
