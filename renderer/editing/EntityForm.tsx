import { useState, type FormEvent, type KeyboardEvent, type ReactElement, type ReactNode } from 'react';
import { placeError } from './field-error';
import { FormField } from './FormField';
import type { FieldSpec, FormValues } from './form-types';

export const REASON_FIELD = 'reason';

/**
 * A form over declared fields. Enter submits (from selects too), the reason goes to the change log, and an
 * error from the core lands on the field it names — or above the buttons when it names none.
 */
export function EntityForm(props: {
  fields: readonly FieldSpec[];
  initial: FormValues;
  submitLabel: string;
  onSubmit: (values: FormValues, reason: string | undefined) => Promise<void>;
  onCancel: () => void;
  /** Recompute dependent values (e.g. the role that goes with a device type) as fields change. */
  onValuesChange?: (next: FormValues, changed: string) => FormValues;
  footer?: ReactNode;
}): ReactElement {
  const [values, setValues] = useState<FormValues>(props.initial);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const names = props.fields.map((f) => f.name);

  function change(name: string, value: string): void {
    setValues((previous) => {
      const next = { ...previous, [name]: value };
      return props.onValuesChange ? props.onValuesChange(next, name) : next;
    });
    setErrors((previous) => {
      if (!(name in previous)) return previous;
      const rest = { ...previous };
      delete rest[name];
      return rest;
    });
  }

  async function submit(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    if (busy) return;
    const missing: Record<string, string> = {};
    for (const field of props.fields) {
      if (field.required && !field.readOnly && (values[field.name] ?? '').trim() === '') missing[field.name] = `${field.label} is required.`;
    }
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await props.onSubmit(values, reason.trim() || undefined);
    } catch (error) {
      const placed = placeError(error, [...names, REASON_FIELD]);
      if (placed.field) {
        setErrors({ [placed.field]: placed.message });
        document.getElementById(`field-${placed.field}`)?.focus();
      } else setFormError(placed.message);
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>): void {
    // Native forms submit on Enter from text inputs only; technicians expect it from any field.
    if (event.key === 'Enter' && event.target instanceof HTMLSelectElement) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
      <div className="form-fields">
        {props.fields.map((spec) => (
          <FormField key={spec.name} spec={spec} value={values[spec.name] ?? ''} error={errors[spec.name]} onChange={(v) => change(spec.name, v)} />
        ))}
        <FormField
          spec={{ name: REASON_FIELD, label: 'Reason (change log)', kind: 'text', placeholder: 'optional, e.g. ticket INC-4711' }}
          value={reason}
          error={errors[REASON_FIELD]}
          onChange={setReason}
        />
      </div>
      {formError ? (
        <div className="form-error" role="alert">
          {formError}
        </div>
      ) : null}
      {props.footer}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : props.submitLabel}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
        <span className="muted form-keys">Enter saves · Esc closes</span>
      </div>
    </form>
  );
}
