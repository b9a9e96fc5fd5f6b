import { useEffect, useId, useRef, useState, type ReactElement, type ReactNode } from 'react';

/**
 * A button that opens a panel under it (a disclosure): Enter/Space or a click opens it, Escape or a click
 * outside closes it and gives focus back to the button. Used for what a dense header folds away.
 */
export function Popover(props: { label: ReactNode; title: string; children: ReactNode; className?: string; align?: 'start' | 'end' }): ReactElement {
  const [open, setOpen] = useState(false);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    function onKey(event: KeyboardEvent): void {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    }
    function onDown(event: MouseEvent): void {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    }
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('mousedown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  return (
    <div ref={rootRef} className={props.className ? `popover ${props.className}` : 'popover'}>
      <button ref={buttonRef} type="button" className="btn btn-small popover-button" aria-expanded={open} aria-controls={id} title={props.title} onClick={() => setOpen((o) => !o)}>
        {props.label} <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div id={id} className={props.align === 'end' ? 'popover-panel popover-end' : 'popover-panel'} role="region" aria-label={props.title}>
          {props.children}
        </div>
      ) : null}
    </div>
  );
}
