import { useEffect, useRef, type ReactElement, type ReactNode } from 'react';

/**
 * A side panel over the view for forms and confirmations. Esc closes it; focus goes to its first field
 * and comes back to where it was when it closes.
 */
export function Dialog(props: { title: string; subtitle?: string; onClose: () => void; children: ReactNode; wide?: boolean }): ReactElement {
  const panelRef = useRef<HTMLDivElement>(null);
  const { onClose } = props;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = panelRef.current?.querySelector<HTMLElement>('input:not([readonly]), select, textarea, button.btn-primary, button.btn-danger');
    first?.focus();
    return () => previous?.focus();
  }, []);

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        onClose();
      }
    }
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  return (
    <div className="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div ref={panelRef} className={props.wide ? 'dialog dialog-wide' : 'dialog'} role="dialog" aria-modal="true" aria-label={props.title}>
        <div className="dialog-head">
          <div>
            <div className="dialog-title">{props.title}</div>
            {props.subtitle ? <div className="dialog-subtitle">{props.subtitle}</div> : null}
          </div>
          <button type="button" className="icon-btn" aria-label="Close" title="Close (Esc)" onClick={onClose}>
            ×
          </button>
        </div>
        {props.children}
      </div>
    </div>
  );
}
