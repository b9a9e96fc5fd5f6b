import { useState, type FormEvent, type ReactElement } from 'react';
import { askToChangeTechnician, dismissTechnicianPrompt, nameTechnician, useTechnicianGate } from '../api/technician-gate';
import { Dialog } from './Dialog';

/** Marks the dialog that sits over any other (an editor waiting on the name): only it answers keys. */
export const TOPMOST_DIALOG_ATTR = 'data-topmost-dialog';
const MAX_NAME_CHARS = 80;

/**
 * Asked once per database, before the first write of the console (whatever it is): who is making the
 * changes. The answer is stored in the database and named on every change-log entry, report and bundle.
 */
export function TechnicianPrompt(): ReactElement | null {
  const gate = useTechnicianGate();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!gate.prompt) return null;
  const changing = gate.prompt.changing;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await nameTechnician(name);
      setName('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div {...{ [TOPMOST_DIALOG_ATTR]: '' }}>
      <Dialog
        title={changing ? 'Change technician' : 'Who is making changes?'}
        subtitle={changing ? `Now: ${gate.technician ?? 'nobody named'}` : 'Asked once for this database; every change is recorded under this name.'}
        onClose={dismissTechnicianPrompt}
      >
        <form className="form" onSubmit={(e) => void submit(e)} aria-label="Name the technician">
          <div className="form-fields">
            <div className="field">
              <label htmlFor="technician-name">Your name</label>
              <input
                id="technician-name"
                type="text"
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="e.g. Niamh Byrne"
                maxLength={MAX_NAME_CHARS}
                autoComplete="name"
                spellCheck={false}
              />
            </div>
          </div>
          {error ? (
            <div className="form-error" role="alert">
              {error}
            </div>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy || name.trim() === ''}>
              {busy ? 'Saving…' : changing ? 'Change' : 'Continue'}
            </button>
            <button type="button" className="btn" onClick={dismissTechnicianPrompt}>
              Cancel
            </button>
            <span className="muted form-keys">Enter saves · Esc cancels{changing ? '' : ' (nothing is written)'}</span>
          </div>
        </form>
      </Dialog>
    </div>
  );
}

/** The header's "who": the technician of this database, click to change. */
export function TechnicianChip(): ReactElement {
  const gate = useTechnicianGate();
  const known = gate.technician !== undefined && gate.technician !== null;
  return (
    <button
      type="button"
      className="btn btn-small technician-chip"
      data-testid="technician-chip"
      title={known ? 'Changes are recorded under this name; click to change it' : 'Name yourself: changes are recorded under this name'}
      onClick={askToChangeTechnician}
    >
      {known ? gate.technician : 'Technician: not named'}
    </button>
  );
}
