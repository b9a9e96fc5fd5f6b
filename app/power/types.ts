/** The power chain's shapes, shared by the core, the CLI and the console (types only). */

export const POWER_KINDS = ['utility', 'generator', 'ups', 'switchboard', 'busway', 'pdu'] as const;
export type PowerKind = (typeof POWER_KINDS)[number];
export const POWER_SIDES = ['A', 'B'] as const;
export type PowerSide = (typeof POWER_SIDES)[number];

export interface PowerElement {
  readonly id: number;
  readonly siteId: number;
  readonly roomId: number | null;
  readonly name: string;
  readonly kind: PowerKind;
  readonly parentId: number | null;
  /** The side as stored; null = inherits its parent's, or serves both sides. */
  readonly side: PowerSide | null;
  readonly ratingKw: number;
  readonly ampsPerPhase: number | null;
  readonly voltageV: number | null;
  readonly phases: 1 | 3;
}

export interface RackFeed {
  readonly rackId: number;
  readonly side: PowerSide;
  readonly elementId: number;
  readonly pduDeviceId: number | null;
}

/** Where a rack's load figure comes from, so every number says what it rests on. */
export type LoadSource = 'pdu-telemetry' | 'gpu-telemetry' | 'mixed' | 'nameplate';

export interface RackLoad {
  readonly rackId: number;
  readonly loadKw: number;
  readonly source: LoadSource;
  /** Sum of the rack's devices' nameplate maximum, for comparison. */
  readonly nameplateKw: number;
  /** Newest telemetry the figure uses (UTC epoch ms), null for nameplate. */
  readonly at: number | null;
}

/** One element of the chain with its load in normal operation and under the loss of each whole side. */
export interface ElementLoad {
  readonly elementId: number;
  readonly element: string;
  readonly kind: PowerKind;
  /** Resolved side: its own, else the nearest ancestor's; null for an element serving both sides. */
  readonly side: PowerSide | null;
  readonly parent: string | null;
  readonly ratingKw: number;
  readonly ampsPerPhase: number | null;
  readonly voltageV: number | null;
  readonly racks: number;
  readonly normalKw: number;
  readonly onALossKw: number;
  readonly onBLossKw: number;
  /** max(normal, A loss, B loss): what a planner must keep under the rating. */
  readonly worstKw: number;
}

export interface OverloadedElement {
  readonly elementId: number;
  readonly element: string;
  readonly kind: PowerKind;
  readonly loadKw: number;
  readonly ratingKw: number;
  /** rating − load: negative, the kW over. */
  readonly marginKw: number;
}

export interface FailoverElement {
  readonly elementId: number;
  readonly element: string;
  readonly kind: PowerKind;
  readonly side: PowerSide | null;
  /** Load that moves to the other side when this element fails. */
  readonly loadMovedKw: number;
  /** Load left with no power at all (single-corded racks, or racks whose both feeds pass through it). */
  readonly droppedKw: number;
  readonly racksAffected: number;
  readonly overloaded: OverloadedElement[];
}

export interface FailoverReport {
  readonly roomId: number;
  readonly room: string;
  readonly elements: FailoverElement[];
  readonly loads: ElementLoad[];
  /** Racks of the room with no feed on one side or both, which the analysis cannot protect. */
  readonly racksWithoutFeeds: Array<{ readonly rack: string; readonly missing: PowerSide[] }>;
  readonly sources: Record<LoadSource, number>;
}
