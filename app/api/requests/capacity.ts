import { z } from 'zod';
import type { CapacityReport } from '../../capacity/types';
import type { EnergyReport } from '../../capacity/energy';
import type { PlacementResult } from '../../capacity/placement';
import { request } from './define';
import { id } from './inventory';

export const capacityRequests = {
  /** Per rack and per row: free U, power headroom (budget and upstream on a side loss), cooling headroom, what binds, what is stranded. */
  'capacity.room': request<CapacityReport>()(z.object({ roomId: id }).strict(), { access: 'read' }),
  /** Where N devices of a type (or one rack-scale system, gb200-nvl72) can go: ranked places, and why every other fails. */
  'capacity.placement': request<PlacementResult>()(
    z.object({ roomId: id, type: z.string().trim().min(1).max(80), count: z.number().int().min(1).max(60).default(1) }).strict(),
    { access: 'read' },
  ),
  /** IT power vs heat removed per loop over the imported telemetry span. */
  'capacity.energy': request<EnergyReport>()(z.object({ roomId: id }).strict(), { access: 'read' }),
} as const;
