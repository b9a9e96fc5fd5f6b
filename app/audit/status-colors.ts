import type { RackProgress, ScanResultKind } from './types';

/** Colours of the audit, shared by the scanning screen, the report map and any floor-map legend (pure). */
export const AUDIT_STATUS_COLORS: Readonly<Record<RackProgress['status'], string>> = {
  pending: '#57606a',
  'in-progress': '#2f81f7',
  done: '#3fb950',
  'done-with-issues': '#d29922',
};

export const AUDIT_STATUS_LABELS: Readonly<Record<RackProgress['status'], string>> = {
  pending: 'not walked',
  'in-progress': 'being walked',
  done: 'done, all found',
  'done-with-issues': 'done, with findings',
};

export const SCAN_RESULT_COLORS: Readonly<Record<ScanResultKind, string>> = {
  rack: '#2f81f7',
  matched: '#2ea043',
  misplaced: '#d29922',
  unknown: '#da3633',
  duplicate: '#8957e5',
};
