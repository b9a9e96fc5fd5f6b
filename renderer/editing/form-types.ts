/** Declarative form fields: every value is edited as text and converted when the request is built. */

export interface SelectOption {
  readonly value: string;
  readonly label: string;
  readonly group?: string;
}

interface FieldBase {
  /** The request's field name, so an error from the core lands on it. */
  readonly name: string;
  readonly label: string;
  readonly required?: boolean;
  readonly hint?: string;
  readonly readOnly?: boolean;
  /** Half-width, to pair short fields on one line. */
  readonly half?: boolean;
}

export type FieldSpec =
  | (FieldBase & { readonly kind: 'text'; readonly mono?: boolean; readonly placeholder?: string; readonly suggestions?: readonly string[] })
  | (FieldBase & { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly step?: number })
  | (FieldBase & { readonly kind: 'select'; readonly options: readonly SelectOption[] });

export type FormValues = Readonly<Record<string, string>>;

/** Text or null for empty (the core stores "none" as NULL for identity fields). */
export function textOrNull(value: string | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed.length === 0 ? null : trimmed;
}

/** A number typed in a field; NaN when it is not one, so the core's validation names the field. */
export function numberOrNull(value: string | undefined): number | null {
  const trimmed = (value ?? '').trim();
  return trimmed.length === 0 ? null : Number(trimmed);
}

export function idOrNull(value: string | undefined): number | null {
  const n = numberOrNull(value);
  return n === null || Number.isNaN(n) ? null : n;
}

/** Only what changed, so the change log records exactly what the technician did. */
export function diffPatch<T extends Record<string, unknown>>(before: T, after: T): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (after[key] !== before[key]) patch[key] = after[key];
  }
  return patch;
}
