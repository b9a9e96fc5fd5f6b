import type { ReconItem } from './types';

/** What applying these items changes, counted by action and kind. */
export interface ApplyCounts {
  readonly devicesMissing: number;
  readonly acceleratorsMissing: number;
  readonly devicesMoved: number;
  readonly acceleratorsMoved: number;
  readonly added: number;
}

export function applyCounts(items: readonly ReconItem[]): ApplyCounts {
  const counts = { devicesMissing: 0, acceleratorsMissing: 0, devicesMoved: 0, acceleratorsMoved: 0, added: 0 };
  for (const item of items) {
    if (item.decision !== 'accept' || item.applied) continue;
    const gpu = item.item?.kind === 'accelerator';
    if (item.action === 'mark-missing') counts[gpu ? 'acceleratorsMissing' : 'devicesMissing']++;
    else if (item.action === 'move') counts[gpu ? 'acceleratorsMoved' : 'devicesMoved']++;
    else counts.added++;
  }
  return counts;
}

const n = (count: number, one: string, many: string): string => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/**
 * The sentence the technician confirms before an apply (and reads after it), e.g. "2 devices marked
 * missing, 0 GPUs marked missing, 1 device moved, 0 GPUs moved, 0 added". Pure, for the console and the CLI.
 */
export function describeApply(counts: ApplyCounts): string {
  return [
    `${n(counts.devicesMissing, 'device', 'devices')} marked missing`,
    `${n(counts.acceleratorsMissing, 'GPU', 'GPUs')} marked missing`,
    `${n(counts.devicesMoved, 'device', 'devices')} moved`,
    `${n(counts.acceleratorsMoved, 'GPU', 'GPUs')} moved`,
    `${n(counts.added, 'device', 'devices')} added`,
  ].join(', ');
}
