import { useEffect, useState, type ReactElement } from 'react';
import type { InventoryStats } from '../../app/inventory/types';
import { api } from '../api/client';

export function App(): ReactElement {
  const [stats, setStats] = useState<InventoryStats | null>(null);
  useEffect(() => {
    api.call('inventory.stats', {}).then(setStats, () => setStats(null));
  }, []);
  return <pre>{JSON.stringify(stats, null, 2)}</pre>;
}
