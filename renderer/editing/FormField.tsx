import type { ReactElement } from 'react';
import type { FieldSpec } from './form-types';

function groupOptions(options: Extract<FieldSpec, { kind: 'select' }>['options']): Array<[string | undefined, typeof options]> {
  const groups = new Map<string | undefined, Array<(typeof options)[number]>>();
  for (const option of options) {
    const list = groups.get(option.group);
    if (list) list.push(option);
    else groups.set(option.group, [option]);
  }
  return [...groups.entries()];
}

/** One labelled input with its error underneath, in the words the core used. */
export function FormField(props: { spec: FieldSpec; value: string; error: string | undefined; onChange: (value: string) => void }): ReactElement {
  const { spec, error } = props;
  const id = `field-${spec.name}`;
  const errorId = `${id}-error`;
  const common = {
    id,
    name: spec.name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    readOnly: spec.readOnly,
  } as const;
  let input: ReactElement;
  if (spec.kind === 'select') {
    input = (
      <select {...common} disabled={spec.readOnly} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {groupOptions(spec.options).map(([group, options]) => {
          const items = options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ));
          return group ? (
            <optgroup key={group} label={group}>
              {items}
            </optgroup>
          ) : (
            items
          );
        })}
      </select>
    );
  } else if (spec.kind === 'number') {
    input = <input {...common} type="number" inputMode="decimal" min={spec.min} max={spec.max} step={spec.step ?? 1} value={props.value} onChange={(e) => props.onChange(e.target.value)} />;
  } else {
    const listId = spec.suggestions ? `${id}-list` : undefined;
    input = (
      <>
        <input
          {...common}
          type="text"
          className={spec.mono ? 'mono' : undefined}
          placeholder={spec.placeholder}
          spellCheck={false}
          autoComplete="off"
          list={listId}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
        {spec.suggestions ? (
          <datalist id={listId}>
            {spec.suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        ) : null}
      </>
    );
  }
  return (
    <div className={`field${spec.half ? ' field-half' : ''}${error ? ' has-error' : ''}`} data-field={spec.name}>
      <label htmlFor={id}>
        {spec.label}
        {spec.required ? <span className="required" aria-hidden="true"> *</span> : null}
      </label>
      {input}
      {error ? (
        <div className="field-error" id={errorId} role="alert">
          {error}
        </div>
      ) : spec.hint ? (
        <div className="field-hint">{spec.hint}</div>
      ) : null}
    </div>
  );
}
