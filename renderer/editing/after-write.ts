import { invalidateData } from '../api/data-version';
import { closeEditor } from './editor-store';
import { showToast } from '../shell/toast-store';
import { undoLast } from './undo';

/** After any successful write: close the form, refresh what is on screen, offer the undo. */
export function afterWrite(message: string): void {
  closeEditor();
  invalidateData();
  showToast(message, 'ok', { label: 'Undo', run: () => void undoLast() });
}
