import { ApiError } from '../api/client';

/** Splits an error from the core into the form field it belongs to (if any) and the words to show there. */
export interface PlacedError {
  readonly field: string | null;
  readonly message: string;
}

/**
 * The core names fields as the request does: `uPosition` from a rule check, `fields.uPosition` or
 * `patch.serial` from schema validation. Forms name fields by the last segment. Schema messages carry a
 * "Invalid device.create request: fields.uPosition: " prefix that is noise next to the field itself.
 */
export function placeError(error: unknown, knownFields: readonly string[]): PlacedError {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ApiError) || !error.field) return { field: null, message };
  const segments = error.field.split('.');
  const field = [...segments].reverse().find((s) => knownFields.includes(s)) ?? null;
  if (field === null) return { field: null, message };
  const prefix = `: ${error.field}: `;
  const at = message.indexOf(prefix);
  return { field, message: at >= 0 ? capitalise(message.slice(at + prefix.length)) : message };
}

function capitalise(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text;
}
