import type { ScanResultKind } from '../../app/audit/types';

/**
 * A short tone per classification, synthesised with WebAudio (no audio files): a high chirp for matched,
 * a low buzz for unknown, two notes for misplaced and duplicate, so a technician who is looking at the rack
 * and not the screen still knows what happened.
 */
const TONES: Readonly<Record<ScanResultKind, ReadonlyArray<{ readonly hz: number; readonly ms: number; readonly wave: OscillatorType }>>> = {
  rack: [{ hz: 660, ms: 70, wave: 'sine' }],
  matched: [{ hz: 1320, ms: 90, wave: 'sine' }],
  misplaced: [
    { hz: 880, ms: 110, wave: 'triangle' },
    { hz: 587, ms: 150, wave: 'triangle' },
  ],
  duplicate: [
    { hz: 740, ms: 80, wave: 'square' },
    { hz: 740, ms: 80, wave: 'square' },
  ],
  unknown: [{ hz: 196, ms: 320, wave: 'sawtooth' }],
};

const VOLUME = 0.12;
const GAP_MS = 40;

let context: AudioContext | null = null;

/** Browsers start audio only after a user gesture; the first scan keystroke is one. */
function audio(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume();
  return context;
}

export function playTone(result: ScanResultKind, enabled: boolean): void {
  if (!enabled) return;
  const ctx = audio();
  if (!ctx) return;
  let at = ctx.currentTime;
  for (const note of TONES[result]) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = note.wave;
    osc.frequency.value = note.hz;
    gain.gain.setValueAtTime(VOLUME, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + note.ms / 1000);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + note.ms / 1000);
    at += (note.ms + GAP_MS) / 1000;
  }
}
