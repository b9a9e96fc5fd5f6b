import type { sessionRequests } from '../requests/session';
import type { HandlersFor } from './context';
import { contract } from '../contract';
import { sessionTechnician, setSessionTechnician } from '../../session/technician';

/**
 * Requests on the writing connection that change nothing a person answers for: queries kept there for
 * ordering (they read what the last write left) and previews. The console does not ask for a name before
 * these; everything else on the writing connection is a write.
 */
export const UNRECORDED_REQUESTS: ReadonlySet<string> = new Set([
  'audit.list',
  'audit.detail',
  'audit.progress',
  'audit.reconciliation',
  'audit.report',
  'audit.export',
  'audit.labels',
  'db.info',
  'db.check',
  'rack.detail',
  'device.detail',
  'catalog.deviceTypes',
  'history.entity',
  'inventory.export',
  'heatmap.frame',
  'heatmap.timeline',
  'heatmap.findings',
  'heatmap.loops',
  'heatmap.thresholds.get',
  'telemetry.detect',
  'telemetry.stats',
  'telemetry.latest',
  'telemetry.buckets',
  'telemetry.unmatched',
  'telemetry.metrics',
]);

/** Computed once: the contract does not change while the app runs. */
let writeRequests: readonly string[] | null = null;

export function consoleWrites(): readonly string[] {
  writeRequests ??= Object.entries(contract)
    .filter(([name, def]) => def.access === 'write' && def.consoleInput !== null && !UNRECORDED_REQUESTS.has(name))
    .map(([name]) => name)
    .sort();
  return writeRequests;
}

export const sessionHandlers: HandlersFor<keyof typeof sessionRequests> = {
  'session.get': (ctx) => ({ technician: sessionTechnician(ctx.db), writeRequests: consoleWrites() }),
  'session.setTechnician': (ctx, input) => ({ technician: setSessionTechnician(ctx.db, input.name), writeRequests: consoleWrites() }),
};
