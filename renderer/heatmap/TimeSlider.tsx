import { useMemo, type ReactElement } from 'react';
import { colorAt, type ColorScale } from '../../app/heatmap/color';
import type { HeatmapTimeline } from '../../app/heatmap/types';
import { siteTime, stepLabel, utcClock } from './format';

export interface TimeSliderProps {
  readonly timeline: HeatmapTimeline;
  readonly index: number;
  readonly timeZone: string;
  readonly playing: boolean;
  /** How many stops are fetched and painted. */
  readonly cached: number;
  /** The inlet scale, to colour the hottest-inlet strip above the slider. */
  readonly scale: ColorScale | null;
  onChange(index: number): void;
  onTogglePlay(): void;
}

const STRIP_HEIGHT_PX = 18;

/**
 * The time slider over the imported range: a strip of the hottest inlet per bucket (height and colour),
 * the range input (←/→ step one bucket, Home/End jump), play/pause, and the time in the hall's zone.
 */
export function TimeSlider(props: TimeSliderProps): ReactElement {
  const { timeline, index, timeZone } = props;
  const stops = timeline.range.stops;
  const at = stops[index] ?? null;
  const strip = useMemo(() => {
    const values = timeline.buckets.map((b) => b.maxInletC).filter((v): v is number => v !== null);
    if (values.length === 0) return null;
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const n = timeline.buckets.length;
    return timeline.buckets.map((b, i) => {
      if (b.maxInletC === null) return null;
      const h = hi > lo ? 3 + ((b.maxInletC - lo) / (hi - lo)) * (STRIP_HEIGHT_PX - 3) : STRIP_HEIGHT_PX / 2;
      return { x: (i / Math.max(1, n)) * 100, w: 100 / Math.max(1, n), h, color: props.scale ? colorAt(props.scale.stops, b.maxInletC) : '#8a96a4', value: b.maxInletC };
    });
  }, [timeline, props.scale]);

  if (stops.length === 0) {
    return <div className="hm-slider hm-slider-empty muted">No telemetry in this room yet: import rack sensor, nvidia-smi, DCGM or CDU files to see it over time.</div>;
  }
  return (
    <div className="hm-slider" data-ready={props.cached} data-stops={stops.length}>
      <button type="button" className="btn hm-play" onClick={() => props.onTogglePlay()} aria-label={props.playing ? 'Pause' : 'Play'} title="Play / pause (Space)" disabled={stops.length < 2}>
        {props.playing ? '❚❚' : '▶'}
      </button>
      <div className="hm-slider-track">
        {strip ? (
          <svg className="hm-strip" viewBox={`0 0 100 ${STRIP_HEIGHT_PX}`} preserveAspectRatio="none" aria-hidden="true">
            {strip.map((s, i) => (s ? <rect key={i} x={s.x} y={STRIP_HEIGHT_PX - s.h} width={s.w} height={s.h} fill={s.color} /> : null))}
          </svg>
        ) : null}
        <input
          type="range"
          className="hm-range"
          min={0}
          max={stops.length - 1}
          step={1}
          value={index}
          onChange={(e) => props.onChange(Number(e.target.value))}
          aria-label="Time"
          aria-valuetext={at === null ? '' : siteTime(at, timeZone)}
          data-testid="heatmap-slider"
        />
      </div>
      <div className="hm-time">
        <div className="hm-time-main mono" data-testid="heatmap-time">
          {at === null ? '—' : siteTime(at, timeZone)}
        </div>
        <div className="hm-time-sub muted">
          {at === null ? '' : utcClock(at)} · stop {index + 1}/{stops.length} · {stepLabel(timeline.range.stepMs)} steps
          {props.cached < stops.length ? ` · ${props.cached} ready` : ''}
        </div>
        <div className="hm-time-sub muted">
          <kbd>←</kbd>
          <kbd>→</kbd> step · <kbd>Space</kbd> play · click a rack to open it
        </div>
      </div>
    </div>
  );
}
