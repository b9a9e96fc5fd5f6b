import { useState, type FormEvent, type ReactElement } from 'react';
import { api } from '../api/client';
import type { Route } from '../shell/route';
import { navigate } from '../shell/router';
import { afterWrite } from './after-write';
import { Dialog } from './Dialog';
import { closeEditor, type DeletableEntity } from './editor-store';

async function remove(entity: DeletableEntity, id: number, reason: string | undefined): Promise<void> {
  const input = { id, reason };
  switch (entity) {
    case 'site':
      await api.call('site.delete', input);
      return;
    case 'room':
      await api.call('room.delete', input);
      return;
    case 'rack':
      await api.call('rack.delete', input);
      return;
    case 'device':
      await api.call('device.delete', input);
      return;
    case 'accelerator':
      await api.call('accelerator.delete', input);
      return;
  }
}

/** Delete with a confirmation that says what goes; the core refuses (and says why) if something depends on it. */
export function ConfirmDelete(props: { entity: DeletableEntity; id: number; label: string; after: Route | null }): ReactElement {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await remove(props.entity, props.id, reason.trim() || undefined);
      afterWrite(`Deleted ${props.entity} ${props.label}`);
      if (props.after) navigate(props.after);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Delete ${props.entity} ${props.label}?`} onClose={closeEditor}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="confirm-text">
          The {props.entity} is removed from the inventory. The change log keeps what it was, and <kbd>Ctrl</kbd>+<kbd>Z</kbd> brings it back.
        </p>
        <div className="form-fields">
          <div className="field" data-field="reason">
            <label htmlFor="delete-reason">Reason (change log)</label>
            <input id="delete-reason" type="text" value={reason} placeholder="optional, e.g. decommissioned per CHG-1234" onChange={(e) => setReason(e.target.value)} />
          </div>
        </div>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-danger" disabled={busy}>
            {busy ? 'Deleting…' : `Delete ${props.entity}`}
          </button>
          <button type="button" className="btn" onClick={closeEditor}>
            Cancel
          </button>
          <span className="muted form-keys">Enter deletes · Esc cancels</span>
        </div>
      </form>
    </Dialog>
  );
}
