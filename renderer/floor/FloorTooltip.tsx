import { forwardRef, useImperativeHandle, useState, type ReactElement } from 'react';
import type { HoverTarget } from './floor-canvas';

export interface FloorTooltipHandle {
  show(target: HoverTarget | null, x: number, y: number): void;
}

const OFFSET_PX = 14;

/** What is under the pointer: the rack (devices, GPUs, kW, the coloured figure) or a cooling unit. Re-renders alone. */
export const FloorTooltip = forwardRef<FloorTooltipHandle, { width: number }>(function FloorTooltip(props, ref): ReactElement | null {
  const [state, setState] = useState<{ target: HoverTarget; x: number; y: number } | null>(null);
  useImperativeHandle(ref, () => ({ show: (target, x, y) => setState(target ? { target, x, y } : null) }), []);
  if (!state) return null;
  const flip = state.x > props.width - 260;
  const style = { left: flip ? undefined : state.x + OFFSET_PX, right: flip ? props.width - state.x + OFFSET_PX : undefined, top: state.y + OFFSET_PX };
  if (state.target.kind === 'unit') {
    return (
      <div className="floor-tooltip" role="tooltip" style={style}>
        {state.target.detail}
      </div>
    );
  }
  const { rack, valueText } = state.target;
  return (
    <div className="floor-tooltip" role="tooltip" style={style}>
      <div className="floor-tooltip-title">
        <span className="mono">{rack.name}</span>
        {rack.row ? <span className="muted"> · row {rack.row}</span> : null}
      </div>
      <div>
        {rack.devices} device{rack.devices === 1 ? '' : 's'} · {rack.accelerators} GPU{rack.accelerators === 1 ? '' : 's'}
        {rack.acceleratorsNotOk > 0 ? <span className="band-over"> ({rack.acceleratorsNotOk} not ok)</span> : null}
      </div>
      <div>
        {rack.powerMaxKw.toFixed(1)} kW max of {rack.powerBudgetKw.toFixed(1)} kW budget · {rack.cooling}
      </div>
      <div className="muted">{valueText}</div>
      <div className="floor-tooltip-hint muted">click: open · drag: move · shift-click: select</div>
    </div>
  );
});
