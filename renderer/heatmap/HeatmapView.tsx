import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { FloorData } from '../../app/floor/types';
import { heatmapColouring, metricScale, rackMetricValue } from '../../app/heatmap/colouring';
import { closedFloor } from '../../app/heatmap/frame-field';
import { HEATMAP_METRICS, METRIC_LABELS, METRIC_UNITS, type HeatmapMetric, type HeatmapThresholds, type HeatmapTimeline } from '../../app/heatmap/types';
import { buildFloorScene } from '../../app/render/floor-scene';
import { api } from '../api/client';
import { invalidateData, useDataVersion } from '../api/data-version';
import { isTyping } from '../shell/keyboard';
import { Tabs, tabPanelProps } from '../shell/Tabs';
import { prepareScene } from '../floor/draw';
import { FloorCanvas, type HoverTarget } from '../floor/floor-canvas';
import { FloorLegend } from '../floor/FloorLegend';
import { FloorTooltip, type FloorTooltipHandle } from '../floor/FloorTooltip';
import { exportHeatmapPng, exportHeatmapSvg } from './export';
import { FieldClient } from './field-client';
import { FindingsList } from './FindingsList';
import { fixed } from './format';
import { FrameStore, type ReadyFrame } from './frame-store';
import { LoopTable } from './LoopTable';
import { ThresholdsEditor } from './ThresholdsEditor';
import { TimeSlider } from './TimeSlider';
import { fieldUnderlay } from './underlay';
import { useLatestRequest, useSettled } from './use-latest';
import '../floor/floor.css';
import './heatmap.css';
import { unpackFloorData } from '../../app/floor/packed';

export interface HeatmapViewProps {
  readonly roomId: number;
  /** Opens a rack; from a finding, with the time of the stop the finding was read at. */
  onOpenRack(rackId: number, findingAt?: string): void;
}

type Panel = 'findings' | 'loops' | 'thresholds';

const METRIC_KEY = 'floorwalk.heatmap.metric';
/** From this window width the 420 px findings panel opens beside the map; below it starts folded. */
const SIDE_PANEL_OPEN_MIN_PX = 1400;
/** Playback: one stop every this many ms (about 8 stops a second), waiting for a stop that is not painted yet. */
const PLAY_STEP_MS = 125;
/** Findings and loops are asked for once the slider has rested this long (longer while playing). */
const SCRUB_SETTLE_MS = 150;
const PLAY_SETTLE_MS = 600;

function storedMetric(): HeatmapMetric {
  const value = localStorage.getItem(METRIC_KEY);
  return (HEATMAP_METRICS as readonly string[]).includes(value ?? '') ? (value as HeatmapMetric) : 'inlet';
}

interface Loaded {
  readonly floor: FloorData;
  readonly timeline: HeatmapTimeline;
  readonly thresholds: HeatmapThresholds;
}

/**
 * The cooling heatmap of a room: the inlet field interpolated over the floor (computed in a Web Worker)
 * with isolines, drawn under the floor developer's map (their canvas, with the racks coloured by the
 * chosen metric), the ASHRAE bands in the legend, a time slider with playback over the imported range,
 * the findings at that time (click opens the rack), the liquid loops and the room's thresholds.
 * Keys: ←/→ step the slider, Space plays, Home/End jump — wherever focus is inside the map; Shift+arrows pan.
 */
export function HeatmapView(props: HeatmapViewProps): ReactElement {
  const { roomId } = props;
  const version = useDataVersion();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [metric, setMetric] = useState<HeatmapMetric>(storedMetric);
  const autoMetricRef = useRef(true);
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [showField, setShowField] = useState(true);
  const [isolines, setIsolines] = useState(true);
  const [readyCount, setReadyCount] = useState(0);
  const [panel, setPanel] = useState<Panel>('findings');
  // On a 1366 px laptop the side panel starts folded so the map keeps the screen; its button says how many findings.
  const [sideOpen, setSideOpen] = useState(() => window.innerWidth >= SIDE_PANEL_OPEN_MIN_PX);
  const [selectedCdu, setSelectedCdu] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [size, setSize] = useState({ width: 0 });

  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const floorRef = useRef<FloorCanvas | null>(null);
  const tooltipRef = useRef<FloorTooltipHandle | null>(null);
  const clientRef = useRef<FieldClient | null>(null);
  const storeRef = useRef<FrameStore | null>(null);
  const lastShownRef = useRef<ReadyFrame | null>(null);
  const indexRef = useRef(index);
  indexRef.current = index;
  const propsRef = useRef(props);
  propsRef.current = props;

  // Another room: nothing of the last one stays on screen.
  useEffect(() => {
    setLoaded(null);
    setPlaying(false);
    lastShownRef.current = null;
  }, [roomId]);

  // Everything the view is drawn from; read again after any write (an import, a threshold change).
  useEffect(() => {
    let live = true;
    setLoadError(null);
    // The packed floor payload is a fifth of floor.data's size; unpacking gives the same data.
    Promise.all([api.call('floor.map', { roomId }), api.call('heatmap.timeline', { roomId }), api.call('heatmap.thresholds.get', { roomId })]).then(
      ([packed, timeline, thresholds]) => {
        const floor = unpackFloorData(packed);
        if (!live) return;
        setLoaded((previous) => {
          const sameRange = previous && previous.timeline.range.stops.join() === timeline.range.stops.join();
          if (!sameRange) setIndex(Math.max(0, timeline.range.stops.length - 1));
          return { floor, timeline, thresholds };
        });
      },
      (error: unknown) => {
        if (live) setLoadError(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      live = false;
    };
  }, [roomId, version]);

  useEffect(() => {
    const client = new FieldClient();
    clientRef.current = client;
    return () => {
      client.dispose();
      clientRef.current = null;
    };
  }, []);

  // A new store whenever what the frames are made of changes (range, floor, thresholds).
  useEffect(() => {
    const client = clientRef.current;
    if (!loaded || !client) return;
    const closed = closedFloor(loaded.floor);
    const store = new FrameStore({
      roomId,
      stops: loaded.timeline.range.stops,
      closed,
      maskKey: closed.map((r) => `${r.x},${r.y},${r.w},${r.h}`).join(';'),
      client,
      // Every painted stop re-renders once (the "ready" count); the one on screen then shows.
      onReady: () => setReadyCount(store.readyCount),
      onError: (message) => setNotice(message),
    });
    storeRef.current = store;
    setReadyCount(0);
    store.setFocus(indexRef.current);
    return () => {
      store.dispose();
      if (storeRef.current === store) storeRef.current = null;
    };
  }, [loaded, roomId]);

  // The slider moved: fetch from there outwards.
  useEffect(() => {
    storeRef.current?.setFocus(index);
  }, [index, loaded]);

  // The canvas controller: the floor developer's, with moves refused (racks are moved on the floor map).
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const floor = new FloorCanvas(canvas, {
      onOpenRack: (rackId) => propsRef.current.onOpenRack(rackId),
      onSelectionChange: () => undefined,
      onMove: () => Promise.reject(new Error('Racks are moved on the floor map; the heatmap only shows them.')),
      onNotice: (text) => setNotice(text),
      onPickTile: () => undefined,
      onHover: (target: HoverTarget | null, x, y) => tooltipRef.current?.show(target, x, y),
    }, { keys: 'heatmap' });
    floorRef.current = floor;
    return () => {
      floor.destroy();
      floorRef.current = null;
    };
  }, []);

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const observer = new ResizeObserver(() => setSize({ width: wrap.clientWidth }));
    observer.observe(wrap);
    return () => observer.disconnect();
  }, []);

  // The stop on screen: the slider's when it is painted, else the last one shown until it is (one render a step).
  const current = storeRef.current?.get(index) ?? null;
  if (current) lastShownRef.current = current;
  else if (lastShownRef.current && lastShownRef.current.frame.room.id !== roomId) lastShownRef.current = null;
  const shown: ReadyFrame | null = current ?? lastShownRef.current;
  const frame = shown?.frame ?? null;
  const thresholds = loaded?.thresholds.thresholds ?? frame?.thresholds ?? null;
  const scene = useMemo(() => {
    if (!loaded) return null;
    const room = frame?.room;
    const colouring = room && thresholds ? heatmapColouring(metric, room, frame.racks, thresholds) : undefined;
    return buildFloorScene(loaded.floor, { colorBy: metric === 'gpu' ? 'gpu-temp' : 'inlet', ...(colouring ? { colouring } : {}) });
  }, [loaded, frame, metric, thresholds]);

  useEffect(() => {
    if (!scene || !loaded) return;
    floorRef.current?.setScene(prepareScene(scene), loaded.floor);
  }, [scene, loaded]);

  useEffect(() => {
    floorRef.current?.setUnderlay(shown && showField ? fieldUnderlay(shown, { isolines }) : null);
  }, [shown, showField, isolines]);

  const stops = loaded?.timeline.range.stops ?? [];
  const step = useCallback(
    (delta: number) => {
      setPlaying(false);
      setIndex((i) => Math.max(0, Math.min(stops.length - 1, i + delta)));
    },
    [stops.length],
  );

  // Playback: advance when the next stop is painted, so the field never stutters; stop at the end.
  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      const store = storeRef.current;
      const next = indexRef.current + 1;
      if (next >= stops.length) {
        setPlaying(false);
        return;
      }
      if (store?.isReady(next)) setIndex(next);
    }, PLAY_STEP_MS);
    return () => window.clearInterval(timer);
  }, [playing, stops.length]);

  const togglePlay = useCallback(() => {
    setPlaying((p) => {
      if (!p && indexRef.current >= stops.length - 1) setIndex(0);
      return !p;
    });
  }, [stops.length]);

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      const target = event.target;
      const onSlider = target instanceof HTMLInputElement && target.type === 'range';
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      // Inside the map (its canvas, the slider, the play button) the time keys always work; elsewhere in the
      // view buttons, links and fields keep their own keys.
      const inMap = target instanceof HTMLElement && target.closest('.hm-map') !== null;
      if (!inMap && (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement)) return;
      if (!onSlider && isTyping(target)) return;
      if (target instanceof HTMLElement && target !== document.body && !target.closest('.hm-view')) return;
      if (inMap && event.key === ' ' && target instanceof HTMLButtonElement) return;
      if (event.key === ' ') {
        event.preventDefault();
        togglePlay();
      } else if (!onSlider && event.key === 'ArrowRight') {
        event.preventDefault();
        step(1);
      } else if (!onSlider && event.key === 'ArrowLeft') {
        event.preventDefault();
        step(-1);
      } else if (!onSlider && event.key === 'Home') {
        event.preventDefault();
        setIndex(0);
      } else if (!onSlider && event.key === 'End') {
        event.preventDefault();
        setIndex(Math.max(0, stops.length - 1));
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [togglePlay, step, stops.length]);

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), 8000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  // Findings and loops follow the slider once it rests, so scrubbing and playback stay on the map's budget.
  const atMs = useSettled(stops[index] ?? null, playing ? PLAY_SETTLE_MS : SCRUB_SETTLE_MS);
  const findings = useLatestRequest('heatmap.findings', atMs === null ? (loaded ? { roomId } : null) : { roomId, at: atMs }, version);
  const loops = useLatestRequest('heatmap.loops', panel === 'loops' ? (atMs === null ? { roomId } : { roomId, at: atMs }) : null, version);

  const sliderAtRef = useRef<string | null>(null);
  const openFindingRack = useCallback((rackId: number) => propsRef.current.onOpenRack(rackId, sliderAtRef.current ?? undefined), []);
  const selectCdu = useCallback((cduId: number) => {
    setSelectedCdu(cduId);
    setPanel('loops');
  }, []);

  const chooseMetric = (value: string): void => {
    if (!(HEATMAP_METRICS as readonly string[]).includes(value)) return;
    autoMetricRef.current = false;
    localStorage.setItem(METRIC_KEY, value);
    setMetric(value as HeatmapMetric);
  };

  // New thresholds change colours, findings and loops: every view reads again, this one included.
  const onThresholdsSaved = (): void => invalidateData();

  const exportAs = (format: 'svg' | 'png'): void => {
    if (!loaded || !shown) return;
    if (format === 'svg') exportHeatmapSvg(loaded.floor, shown, metric);
    else exportHeatmapPng(loaded.floor, shown, metric).catch((error: unknown) => setNotice(`PNG export failed: ${error instanceof Error ? error.message : String(error)}`));
  };

  const inletScale = thresholds ? metricScale('inlet', thresholds) : null;
  const findingList = findings.data?.findings ?? null;
  const sliderAt = stops[index] ?? null;
  sliderAtRef.current = sliderAt === null ? null : new Date(sliderAt).toISOString();
  const findingsStale = sliderAt !== null && findings.forKey !== JSON.stringify({ roomId, at: sliderAt });
  const room = loaded?.floor.room;
  // Frames are fetched once for every metric (each rack's state carries them all): the range is per metric here.
  const metricValues = useMemo(() => {
    if (!frame) return null;
    const values = metric === 'inlet' ? frame.points.values : frame.racks.map((r) => rackMetricValue(metric, r)).filter((v): v is number => v !== null);
    return values.length > 0 ? { min: Math.min(...values), max: Math.max(...values) } : { min: null, max: null };
  }, [frame, metric]);
  const fieldStats = shown?.field;

  // The first frame decides: a hall whose files carry GPU readings but no inlet sensors opens on GPU
  // temperature rather than on an empty map. Only until the technician picks a metric; never stored.
  useEffect(() => {
    if (!frame || !autoMetricRef.current) return;
    autoMetricRef.current = false;
    const hasData = (m: HeatmapMetric): boolean => (m === 'inlet' ? frame.points.values.length > 0 : frame.racks.some((r) => rackMetricValue(m, r) !== null));
    if (hasData(metric)) return;
    const first = HEATMAP_METRICS.find(hasData);
    if (first) setMetric(first);
  }, [frame, metric]);

  return (
    <div className="hm-view" data-shown-index={shown?.index ?? -1} data-index={index} data-testid="heatmap-view">
      <div className="floor-toolbar hm-toolbar">
        <label className="inline-label">
          Racks by
          <select value={metric} onChange={(e) => chooseMetric(e.target.value)} aria-label="Colour racks by">
            {HEATMAP_METRICS.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-label">
          <input type="checkbox" checked={showField} onChange={(e) => setShowField(e.target.checked)} /> Inlet field
        </label>
        <label className="inline-label">
          <input type="checkbox" checked={isolines} onChange={(e) => setIsolines(e.target.checked)} disabled={!showField} /> Isolines
        </label>
        <span className="floor-toolbar-group">
          <button type="button" className="btn" onClick={() => floorRef.current?.fit()} title="Fit the room">
            Fit
          </button>
          <button type="button" className="btn" onClick={() => exportAs('svg')} disabled={!shown}>
            Export SVG
          </button>
          <button type="button" className="btn" onClick={() => exportAs('png')} disabled={!shown}>
            Export PNG
          </button>
        </span>
        <span className="hm-stats muted">
          {frame && metricValues && metricValues.min !== null ? (
            <>
              {METRIC_LABELS[metric].toLowerCase()} {fixed(metricValues.min)}–{fixed(metricValues.max)} {METRIC_UNITS[metric]} · {frame.points.values.length} inlet readings
              {fieldStats ? ` · field ${fieldStats.cols}×${fieldStats.rows} in ${fieldStats.fieldMs.toFixed(1)} ms${clientRef.current?.inWorker ? ' (worker)' : ''}` : ''}
            </>
          ) : frame ? (
            'no readings at this time'
          ) : null}
        </span>
      </div>
      <div className="hm-body">
        <div className="hm-map">
          <div className="floor-canvas-wrap" ref={wrapRef}>
            <canvas ref={canvasRef} className="floor-canvas" tabIndex={0} aria-label={room ? `Heatmap of ${room.siteCode}/${room.name}` : 'Heatmap'} data-testid="heatmap-canvas" />
            <FloorTooltip ref={tooltipRef} width={size.width} />
            {!loaded && !loadError ? <div className="floor-overlay view-loading">Loading heatmap…</div> : null}
            {loadError ? <div className="floor-overlay view-error">{loadError}</div> : null}
            {notice ? (
              <div className="floor-notice floor-notice-info" role="status">
                {notice}
                <button type="button" className="btn btn-quiet" onClick={() => setNotice(null)} aria-label="Dismiss">
                  ✕
                </button>
              </div>
            ) : null}
          </div>
          {scene ? <FloorLegend legend={scene.legend} /> : null}
          {loaded ? (
            <TimeSlider
              timeline={loaded.timeline}
              index={index}
              timeZone={loaded.timeline.timeZone}
              playing={playing}
              cached={readyCount}
              scale={inletScale}
              onChange={(i) => {
                setPlaying(false);
                setIndex(i);
              }}
              onTogglePlay={togglePlay}
            />
          ) : null}
        </div>
        {sideOpen ? (
        <aside className="hm-side" aria-label="Findings, liquid loops and thresholds">
          <div className="hm-side-head">
            <Tabs
              label="Heatmap panels"
              idPrefix="hm"
              className="hm-tabs"
              selected={panel}
              onSelect={(id) => setPanel(id as Panel)}
              tabs={[
                { id: 'findings', label: `Findings${findingList ? ` (${findingList.length})` : ''}` },
                { id: 'loops', label: 'Liquid loops' },
                { id: 'thresholds', label: 'Thresholds' },
              ]}
            />
            <button type="button" className="icon-btn" aria-label="Fold the side panel" title="Fold the side panel" onClick={() => setSideOpen(false)}>
              »
            </button>
          </div>
          <div className="hm-panel" {...tabPanelProps('hm', panel)}>
            {panel === 'findings' ? (
              <FindingsList findings={findingList} loading={findingsStale} error={findings.error?.message ?? null} onOpenRack={openFindingRack} onSelectCdu={selectCdu} />
            ) : panel === 'loops' ? (
              <LoopTable
                loops={loops.data?.loops ?? null}
                error={loops.error?.message ?? null}
                tolerancePct={thresholds?.cduHeatBalanceTolerancePct ?? 20}
                deltaTMaxK={thresholds?.cduDeltaTMaxK ?? 15}
                selectedCduId={selectedCdu}
                onSelect={setSelectedCdu}
              />
            ) : (
              <ThresholdsEditor data={loaded?.thresholds ?? null} error={null} onSaved={onThresholdsSaved} />
            )}
          </div>
        </aside>
        ) : (
          <button type="button" className="hm-side-open" title="Open the side panel" onClick={() => setSideOpen(true)}>
            <span aria-hidden="true">«</span> Findings{findingList ? ` ${findingList.length}` : ''} · loops · thresholds
          </button>
        )}
      </div>
    </div>
  );
}
