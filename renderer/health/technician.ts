/**
 * The technician the console names on field-replacement steps: asked once, remembered on this machine.
 * Starts from the audit form's name, so a technician who audited today is not asked again.
 */
const KEY = 'floorwalk.technician';
const AUDIT_KEY = 'floorwalk.audit.technician';

export function rememberedTechnician(): string {
  return localStorage.getItem(KEY) ?? localStorage.getItem(AUDIT_KEY) ?? '';
}

export function rememberTechnician(name: string): void {
  const trimmed = name.trim();
  if (trimmed !== '') localStorage.setItem(KEY, trimmed);
}
