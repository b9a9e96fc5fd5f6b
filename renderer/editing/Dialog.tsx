import { useEffect, useRef, type ReactElement, type ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The focusable elements of a container, in tab order (those with a layout box only). */
export function focusablesOf(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

/**
 * A side panel over the view for forms and confirmations. Esc closes it; focus goes to its first field,
 * Tab and Shift+Tab cycle inside it (never behind it), and focus comes back to where it was when it closes.
 */
export function Dialog(props: { title: string; subtitle?: string; onClose: () => void; children: ReactNode; wide?: boolean }): ReactElement {
  const panelRef = useRef<HTMLDivElement>(null);
  const { onClose } = props;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const panel = panelRef.current;
    const firstField = (): HTMLElement | null => panel?.querySelector<HTMLElement>('input:not([readonly]), select, textarea, button.btn-primary, button.btn-danger') ?? null;
    const first = firstField();
    (first ?? panel)?.focus();
    // A form that loads its choices first (the racks of a move) gets its first field a moment later: focus
    // it then, unless the technician has already gone somewhere else inside the dialog.
    const observer = first || !panel ? null : new MutationObserver(() => {
      const field = firstField();
      if (!field) return;
      if (document.activeElement === panel) field.focus();
      observer?.disconnect();
    });
    if (observer && panel) observer.observe(panel, { childList: true, subtree: true });
    return () => {
      observer?.disconnect();
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      // A dialog opened over this one (the technician's name, asked before a write) answers the keys alone.
      const topmost = document.querySelector('[data-topmost-dialog]');
      if (topmost && panelRef.current && !topmost.contains(panelRef.current)) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        onClose();
      } else if (event.key === 'Tab' && panelRef.current) {
        const items = focusablesOf(panelRef.current);
        const first = items[0];
        const last = items[items.length - 1];
        if (!first || !last) {
          event.preventDefault();
          return;
        }
        const active = document.activeElement;
        const inside = active instanceof Node && panelRef.current.contains(active);
        if (event.shiftKey && (active === first || !inside)) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && (active === last || !inside)) {
          event.preventDefault();
          first.focus();
        }
      }
    }
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  return (
    <div className="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div ref={panelRef} className={props.wide ? 'dialog dialog-wide' : 'dialog'} role="dialog" aria-modal="true" aria-label={props.title} tabIndex={-1}>
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
