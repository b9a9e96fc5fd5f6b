import { useEffect, useRef, type MouseEvent, type ReactElement } from 'react';
import type { DeviceFace } from '../../app/inventory/types';

export interface ElevationHandlers {
  readonly onEmptyU: (u: number, face: DeviceFace) => void;
  readonly onDevice: (deviceId: number) => void;
  readonly onAccelerator: (deviceId: number, acceleratorId: number | null, slot: number) => void;
}

/**
 * Puts the elevation's SVG markup into the page. The markup comes from the pure renderer, which escapes
 * every text; on top of that it is parsed as XML (never as HTML, so no script runs and a malformed string
 * is refused, not repaired) and adopted as nodes. One delegated click listener turns data attributes into
 * actions.
 */
export function ElevationSvg(props: { svg: string; handlers: ElevationHandlers; label: string }): ReactElement {
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const parsed = new DOMParser().parseFromString(props.svg, 'image/svg+xml');
    const root = parsed.documentElement;
    if (root.nodeName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) {
      host.replaceChildren(document.createTextNode('The elevation could not be drawn.'));
      return;
    }
    host.replaceChildren(document.importNode(root, true));
  }, [props.svg]);

  function onClick(event: MouseEvent<HTMLDivElement>): void {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const accel = target.closest('[data-slot]');
    if (accel) {
      const deviceId = Number(accel.getAttribute('data-device-id'));
      const acceleratorId = accel.getAttribute('data-accelerator-id');
      props.handlers.onAccelerator(deviceId, acceleratorId === null ? null : Number(acceleratorId), Number(accel.getAttribute('data-slot')));
      return;
    }
    const device = target.closest('[data-device-id]');
    if (device) {
      props.handlers.onDevice(Number(device.getAttribute('data-device-id')));
      return;
    }
    const empty = target.closest('[data-u]');
    if (empty) {
      const face = empty.getAttribute('data-face') === 'rear' ? 'rear' : 'front';
      props.handlers.onEmptyU(Number(empty.getAttribute('data-u')), face);
    }
  }

  return <div ref={hostRef} className="elevation" role="group" aria-label={props.label} onClick={onClick} />;
}
