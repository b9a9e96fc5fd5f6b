import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { unpackFloorData } from '../../app/floor/packed';
import type { AddRowResult, FloorData } from '../../app/floor/types';
import { buildFloorScene, COLOR_BY_OPTIONS, isColorBy, type ColorBy } from '../../app/render/floor-scene';
import { healthColouring, rackHealthStates, type RackHealth } from '../../app/render/health-colouring';
import { api } from '../api/client';
import { invalidateData, useDataVersion } from '../api/data-version';
import { undoLast } from '../editing/undo';
import { showToast } from '../shell/toast-store';
import { AddRowPanel } from './AddRowPanel';
import { prepareScene, type Ghost, type Underlay } from './draw';
import { exportPng, exportSvg } from './export';
import { FloorCanvas, type HoverTarget, type RackMoveRequest } from './floor-canvas';
import { FloorKeys } from './FloorKeys';
import { FloorLegend } from './FloorLegend';
import { FloorTooltip, type FloorTooltipHandle } from './FloorTooltip';
import './floor.css';

export interface FloorViewProps {
  readonly roomId: number;
  /** The rack open elsewhere in the console: outlined, and centred when the map opens. */
  readonly selectedRackId?: number;
  onOpenRack(rackId: number): void;
  /** A layer drawn on the floor beneath the racks (the cooling heatmap). */
  readonly underlay?: Underlay;
}

const COLOR_BY_KEY = 'floorwalk.floor.colorBy';
/** How long a refused move's reason stays on the map. */
const NOTICE_MS = 8000;

function storedColorBy(): ColorBy {
  const value = localStorage.getItem(COLOR_BY_KEY);
  return isColorBy(value) ? value : 'power';
}

interface Loaded {
  readonly data: FloorData;
  /** performance.now() when the data arrived, for the first-paint figure. */
  readonly at: number;
}

/**
 * The floor map of one room: the hall to scale on a canvas (pan, zoom, hover, click to open a rack,
 * shift-click or shift-drag to select, drag to move with snap and live collision feedback), a colour-by
 * choice with its legend, adding a row of racks, and SVG/PNG export of the map.
 */
export function FloorView(props: FloorViewProps): ReactElement {
  const { roomId } = props;
  const version = useDataVersion();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [colorBy, setColorBy] = useState<ColorBy>(storedColorBy);
  const [selection, setSelection] = useState<ReadonlySet<number>>(() => new Set());
  const [notice, setNotice] = useState<{ text: string; tone: 'error' | 'info' } | null>(null);
  const [adding, setAdding] = useState(false);
  const [picked, setPicked] = useState<{ x: number; y: number } | null>(null);
  const [size, setSize] = useState({ width: 0 });
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const floorRef = useRef<FloorCanvas | null>(null);
  const tooltipRef = useRef<FloorTooltipHandle | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const lastDataRef = useRef<FloorData | null>(null);

  useEffect(() => {
    setLoaded(null);
    setSelection(new Set());
  }, [roomId]);

  useEffect(() => {
    let live = true;
    api.call('floor.map', { roomId }).then(
      (packed) => {
        if (!live) return;
        // Arrival is taken before unpacking, so the first-paint figure includes it.
        const at = performance.now();
        setLoadError(null);
        setLoaded({ data: unpackFloorData(packed), at });
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
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);

  // Colouring by health needs the room's findings and NVLink domains: loaded only while that colouring is on.
  const [health, setHealth] = useState<ReadonlyMap<number, RackHealth> | null>(null);
  useEffect(() => {
    setHealth(null);
    if (colorBy !== 'health') return;
    let live = true;
    api.call('health.report', { roomId }).then(
      (report) => {
        if (live) setHealth(rackHealthStates(report));
      },
      (error: unknown) => {
        if (live) setNotice({ text: `Health findings could not be loaded: ${error instanceof Error ? error.message : String(error)}`, tone: 'error' });
      },
    );
    return () => {
      live = false;
    };
  }, [roomId, colorBy, version]);

  const scene = useMemo(
    () => (loaded ? buildFloorScene(loaded.data, colorBy === 'health' ? { colorBy, colouring: healthColouring(health) } : { colorBy }) : null),
    [loaded, colorBy, health],
  );
  const prepared = useMemo(() => (scene ? prepareScene(scene) : null), [scene]);

  const onMove = useCallback(async (moves: readonly RackMoveRequest[]): Promise<void> => {
    const result = await api.call('rack.move', { moves: [...moves] });
    // Reload in every case: the map keeps the dragged racks as ghosts until fresh data arrives.
    invalidateData();
    if (result.moved.length === 0) return;
    const what = result.moved.length === 1 ? `rack ${result.moved[0]?.name}` : `${result.moved.length} racks`;
    showToast(`Moved ${what}`, 'ok', { label: 'Undo', run: () => void undoLast() });
  }, []);

  // The canvas controller lives as long as the component; its callbacks read the latest props. A layout
  // effect, like handing it the scene below, so it exists before that runs.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const floor = new FloorCanvas(canvas, {
      onOpenRack: (rackId) => propsRef.current.onOpenRack(rackId),
      onSelectionChange: (ids) => setSelection(ids),
      onMove,
      onNotice: (text, tone) => setNotice({ text, tone }),
      onPickTile: (x, y) => setPicked({ x, y }),
      onHover: (target: HoverTarget | null, x, y) => tooltipRef.current?.show(target, x, y),
    });
    floorRef.current = floor;
    return () => {
      floor.destroy();
      floorRef.current = null;
    };
  }, [onMove]);

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const observer = new ResizeObserver(() => setSize({ width: wrap.clientWidth }));
    observer.observe(wrap);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    floorRef.current?.setFocus(props.selectedRackId ?? null);
  }, [props.selectedRackId]);

  // A layout effect: the canvas gets the new scene in the same frame as the rest of the view (a passive
  // effect would wait for the browser to paint first, up to a frame later).
  useLayoutEffect(() => {
    if (!prepared || !loaded) return;
    const freshData = lastDataRef.current !== loaded.data;
    lastDataRef.current = loaded.data;
    floorRef.current?.setScene(prepared, loaded.data, freshData ? loaded.at : null);
  }, [prepared, loaded]);

  useEffect(() => {
    floorRef.current?.setSelection(selection);
  }, [selection]);

  useEffect(() => {
    floorRef.current?.setUnderlay(props.underlay ?? null);
  }, [props.underlay]);

  useEffect(() => {
    floorRef.current?.setPicking(adding);
    if (!adding) setPicked(null);
  }, [adding]);

  const onPreview = useCallback((preview: { ghosts: readonly Ghost[]; ok: boolean } | null) => floorRef.current?.setPreview(preview), []);

  const onAdded = useCallback((result: AddRowResult) => {
    setAdding(false);
    setSelection(new Set(result.racks.map((r) => r.id)));
    invalidateData();
    showToast(`Added ${result.racks.length} racks to row ${result.row.name}`, 'ok', { label: 'Undo', run: () => void undoLast() });
  }, []);

  const chooseColorBy = (value: string): void => {
    if (!isColorBy(value)) return;
    localStorage.setItem(COLOR_BY_KEY, value);
    setColorBy(value);
  };

  const exportAs = (format: 'svg' | 'png'): void => {
    if (!scene) return;
    if (format === 'svg') exportSvg(scene, selection);
    else exportPng(scene, selection).catch((error: unknown) => setNotice({ text: `PNG export failed: ${error instanceof Error ? error.message : String(error)}`, tone: 'error' }));
  };

  const data = loaded?.data ?? null;
  return (
    <div className="floor-view">
      <div className="floor-toolbar">
        <label className="inline-label">
          Colour by
          <select value={colorBy} onChange={(e) => chooseColorBy(e.target.value)} aria-label="Colour racks by">
            {COLOR_BY_OPTIONS.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <span className="floor-toolbar-group">
          <button type="button" className="btn" onClick={() => floorRef.current?.zoomBy(1.4)} title="Zoom in (+)">
            +
          </button>
          <button type="button" className="btn" onClick={() => floorRef.current?.zoomBy(1 / 1.4)} title="Zoom out (−)">
            −
          </button>
          <button type="button" className="btn" onClick={() => floorRef.current?.fit()} title="Fit the room (0)">
            Fit
          </button>
        </span>
        <button type="button" className={adding ? 'btn is-active' : 'btn'} onClick={() => setAdding((a) => !a)} disabled={!data}>
          Add row…
        </button>
        <span className="floor-toolbar-group">
          <button type="button" className="btn" onClick={() => exportAs('svg')} disabled={!scene}>
            Export SVG
          </button>
          <button type="button" className="btn" onClick={() => exportAs('png')} disabled={!scene}>
            Export PNG
          </button>
        </span>
        {selection.size > 0 ? (
          <span className="floor-selection">
            {selection.size} selected
            <button type="button" className="btn btn-quiet" onClick={() => setSelection(new Set())}>
              Clear
            </button>
          </span>
        ) : null}
        <FloorKeys />
      </div>
      <div className="floor-body">
        <div className="floor-canvas-wrap" ref={wrapRef}>
          <canvas ref={canvasRef} className="floor-canvas" tabIndex={0} aria-label={data ? `Floor map of ${data.room.siteCode}/${data.room.name}` : 'Floor map'} />
          <FloorTooltip ref={tooltipRef} width={size.width} />
          {!data && !loadError ? <div className="floor-overlay view-loading">Loading floor map…</div> : null}
          {loadError ? <div className="floor-overlay view-error">{loadError}</div> : null}
          {notice ? (
            <div className={`floor-notice floor-notice-${notice.tone}`} role="alert">
              {notice.text}
              <button type="button" className="btn btn-quiet" onClick={() => setNotice(null)} aria-label="Dismiss">
                ✕
              </button>
            </div>
          ) : null}
        </div>
        {adding && data ? <AddRowPanel data={data} picked={picked} onPreview={onPreview} onAdded={onAdded} onClose={() => setAdding(false)} /> : null}
      </div>
      {scene ? <FloorLegend legend={scene.legend} /> : null}
    </div>
  );
}
