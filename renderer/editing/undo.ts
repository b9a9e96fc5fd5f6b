import { api } from '../api/client';
import { invalidateData } from '../api/data-version';
import { describeChange } from '../history/describe';
import { dismissActionToasts, showToast } from '../shell/toast-store';

let running = false;

/** Reverts the newest change in the log, tells the technician what was undone, and refreshes every view. */
export async function undoLast(): Promise<void> {
  if (running) return;
  running = true;
  try {
    const result = await api.call('changes.undo', {});
    dismissActionToasts();
    const more = result.undoneCount > 1 ? ` (${result.undoneCount} entries)` : '';
    showToast(`Undone: ${describeChange(result.undone)}${more}`, 'ok');
    invalidateData();
  } catch (error) {
    showToast(`Nothing undone: ${error instanceof Error ? error.message : String(error)}`, 'error');
  } finally {
    running = false;
  }
}
