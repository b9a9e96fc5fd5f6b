import type { ReactElement } from 'react';
import { loadBand, ratio } from './format';

/** A thin horizontal bar with its figure: U used of height, kW max of budget. Red when over. */
export function Meter(props: { used: number; total: number; label: string; title?: string; banded?: boolean }): ReactElement {
  const share = ratio(props.used, props.total);
  const band = props.banded === false ? 'neutral' : loadBand(share);
  const width = `${Math.min(100, Math.max(0, share * 100)).toFixed(1)}%`;
  return (
    <span className={`meter meter-${band}`} title={props.title ?? props.label}>
      <span className="meter-track">
        <span className="meter-fill" style={{ width }} />
      </span>
      <span className="meter-label">{props.label}</span>
    </span>
  );
}
