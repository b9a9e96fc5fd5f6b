import type { FloorRack } from '../floor/types';
import type { HealthReport } from '../health/types';
import type { RackColouring } from './floor-scene';

/**
 * The floor map coloured by GPU health: leaks first (a wet detector puts every rack it feeds at risk), then
 * NVLink domains (an NVL72 rack is one system: impaired below a 64-GPU job, degraded below 72/72), then the
 * GPU findings of ordinary servers. Pure: the console feeds it the room's health report.
 */
export type RackHealthState = 'leak' | 'impaired' | 'critical' | 'degraded' | 'healthy';

const STATE_RANK: Record<RackHealthState, number> = { leak: 0, impaired: 1, critical: 2, degraded: 3, healthy: 4 };

export const RACK_HEALTH_STATE_COLORS: Readonly<Record<RackHealthState, string>> = {
  leak: '#a371f7',
  impaired: '#f85149',
  critical: '#db6d28',
  degraded: '#d29922',
  healthy: '#2ea043',
};

const STATE_LABELS: Readonly<Record<RackHealthState, string>> = {
  leak: 'leak at or feeding the rack',
  impaired: 'NVL72 domain impaired (< 64 GPUs)',
  critical: 'GPU with a critical finding',
  degraded: 'degraded domain or GPU warning',
  healthy: 'no finding',
};

export interface RackHealth {
  readonly state: RackHealthState;
  /** What the rack's state rests on, in words, for the tooltip. */
  readonly text: string;
}

function worse(a: RackHealth | undefined, b: RackHealth): RackHealth {
  if (a === undefined) return b;
  if (STATE_RANK[b.state] < STATE_RANK[a.state]) return { state: b.state, text: `${b.text}; ${a.text}` };
  return { state: a.state, text: `${a.text}; ${b.text}` };
}

/** Each rack's worst health state in the report; racks without a finding or domain are absent. */
export function rackHealthStates(report: Pick<HealthReport, 'findings' | 'domains'>): Map<number, RackHealth> {
  const out = new Map<number, RackHealth>();
  const put = (rackId: number, health: RackHealth): void => {
    out.set(rackId, worse(out.get(rackId), health));
  };
  for (const domain of report.domains) {
    const state: RackHealthState = domain.state === 'impaired' ? 'impaired' : domain.state === 'degraded' ? 'degraded' : 'healthy';
    put(domain.rackId, { state, text: `NVL72 ${domain.state}: ${domain.reason}` });
  }
  const gpuFindings = new Map<number, { critical: number; warning: number; kinds: Set<string> }>();
  for (const finding of report.findings) {
    if (finding.kind === 'leak') {
      const wet = finding.severity === 'critical';
      for (const rackId of finding.affectedRackIds) put(rackId, { state: wet ? 'leak' : 'degraded', text: wet ? `leak: ${finding.title}` : finding.title });
      continue;
    }
    if (finding.rackId === null || finding.severity === 'info') continue;
    const entry = gpuFindings.get(finding.rackId) ?? { critical: 0, warning: 0, kinds: new Set<string>() };
    entry[finding.severity === 'critical' ? 'critical' : 'warning'] += 1;
    entry.kinds.add(finding.kind.replace('_', ' '));
    gpuFindings.set(finding.rackId, entry);
  }
  for (const [rackId, entry] of gpuFindings) {
    const counts = [entry.critical > 0 ? `${entry.critical} critical` : null, entry.warning > 0 ? `${entry.warning} warning` : null].filter((c) => c !== null).join(', ');
    put(rackId, { state: entry.critical > 0 ? 'critical' : 'degraded', text: `${counts} GPU finding${entry.critical + entry.warning === 1 ? '' : 's'} (${[...entry.kinds].join(', ')})` });
  }
  return out;
}

/**
 * The colouring for the floor map; `states` null while the report is still loading. Racks without
 * accelerators and without a leak stay "no data": health is about GPUs and liquid.
 */
export function healthColouring(states: ReadonlyMap<number, RackHealth> | null): RackColouring {
  return {
    title: 'GPU health, NVLink domains and leaks',
    colour(rack: FloorRack) {
      const health = states?.get(rack.id);
      if (health) return { fill: RACK_HEALTH_STATE_COLORS[health.state], text: health.text, bucket: health.state };
      if (states !== null && rack.accelerators > 0) return { fill: RACK_HEALTH_STATE_COLORS.healthy, text: 'no health finding', bucket: 'healthy' };
      return { fill: null, text: states === null ? 'loading health findings…' : 'no GPUs' };
    },
    ramp: null,
    swatches: (Object.keys(RACK_HEALTH_STATE_COLORS) as RackHealthState[]).map((state) => ({ bucket: state, label: STATE_LABELS[state], color: RACK_HEALTH_STATE_COLORS[state] })),
    emptyNote: states === null ? 'Loading the room’s health findings…' : 'No rack in this room has GPUs or leak detectors.',
  };
}
