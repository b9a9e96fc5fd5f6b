/** GPU and liquid-cooling health findings drawn from imported telemetry. Pure types. */
import type { NvlinkDomain } from './domains';

export const HEALTH_KINDS = ['xid', 'ecc', 'row_remap', 'throttle', 'unreadable', 'silent', 'leak', 'swap_unconfirmed'] as const;
export type HealthKind = (typeof HEALTH_KINDS)[number];
export type HealthSeverity = 'critical' | 'warning' | 'info';

/** What raised a finding: the reading, when, and from which file. Values are plain so `--json` stays flat. */
export type HealthEvidence = Readonly<Record<string, string | number | boolean | null>>;

export interface HealthPlace {
  readonly site: string | null;
  readonly room: string | null;
  readonly roomId: number | null;
  readonly rack: string | null;
  readonly rackId: number | null;
  readonly device: string | null;
  readonly deviceId: number | null;
  readonly u: number | null;
  readonly slot: number | null;
}

export interface HealthFinding extends HealthPlace {
  readonly kind: HealthKind;
  readonly severity: HealthSeverity;
  /** One line for the list ("XID 79 — GPU has fallen off the bus"). */
  readonly title: string;
  /** What to do at the rack. */
  readonly action: string;
  /** The GPU as a technician finds it: its serial, else its UUID, else its slot; null for rack/loop findings. */
  readonly gpu: string | null;
  readonly gpuId: number | null;
  /** Site / hall / rack / U / slot, for reading aloud on the floor. */
  readonly path: string;
  readonly evidence: HealthEvidence;
  /** Racks a leak affects (the rack itself, or every rack on the leaking CDU's loop). */
  readonly affectedRackIds: readonly number[];
  /** The open field-replacement case for this GPU, if one is open. */
  readonly rmaCase: { readonly id: number; readonly status: string } | null;
}

export interface HealthReport {
  readonly findings: readonly HealthFinding[];
  readonly counts: Readonly<Record<HealthKind, number>>;
  /** GPUs with at least one finding, and how many GPUs the scope holds. */
  readonly suspectGpus: number;
  readonly gpusInScope: number;
  /** The newest reading the findings looked at (ISO), null when no telemetry was imported. */
  readonly latestAt: string | null;
  /** Findings left out because their readings predate the slot's swap (they were about the removed part). */
  readonly beforeSwap: number;
  /** NVL72 racks in scope, each one NVLink domain counted as a unit. */
  readonly domains: readonly NvlinkDomain[];
}
