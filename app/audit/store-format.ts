import type { Location } from './types';

/** "PHX1/DH1/R01-03 U7 slot 2": a location as one phrase (pure, shared with the renderer). */
export function describeLocation(location: Location): string {
  let text = location.rack;
  if (location.u !== null) text += ` U${location.u}`;
  if (location.slot !== null) text += ` slot ${location.slot}`;
  return text;
}
