import { useEffect, useMemo, useState, type FormEvent, type ReactElement } from 'react';
import { footprint, frontEdge, groupPlacementProblem, OccupancyIndex, planRackRow, rowDirectionProblem } from '../../app/floor/geometry';
import type { AddRowResult, FloorData } from '../../app/floor/types';
import { FACINGS, RACK_COOLING, type Facing, type RackCooling } from '../../app/inventory/types';
import { api } from '../api/client';
import type { Ghost } from './draw';
import { floorItemsOf } from './floor-canvas';

export interface AddRowPanelProps {
  readonly data: FloorData;
  /** The tile last clicked on the map while the panel is open. */
  readonly picked: { readonly x: number; readonly y: number } | null;
  readonly onPreview: (preview: { ghosts: readonly Ghost[]; ok: boolean } | null) => void;
  readonly onAdded: (result: AddRowResult) => void;
  readonly onClose: () => void;
}

interface Form {
  row: string;
  namePrefix: string;
  count: string;
  firstNumber: string;
  gridX: string;
  gridY: string;
  direction: Facing;
  facing: Facing;
  uHeight: string;
  powerBudgetKw: string;
  cooling: RackCooling;
  widthTiles: string;
  depthTiles: string;
}

type TextKey = Exclude<keyof Form, 'direction' | 'facing' | 'cooling'>;

const FACING_LABELS: Record<Facing, string> = { N: 'north', E: 'east', S: 'south', W: 'west' };
const alongX = (f: Facing): boolean => f === 'N' || f === 'S';

function nextRowName(data: FloorData): string {
  const numbers = data.rows.map((r) => /(\d+)$/.exec(r.name)?.[1]).filter((n): n is string => n !== undefined);
  if (numbers.length === 0) return `R${String(data.rows.length + 1).padStart(2, '0')}`;
  const width = Math.max(...numbers.map((n) => n.length));
  const prefix = data.rows.find((r) => /\d+$/.test(r.name))?.name.replace(/\d+$/, '') ?? 'R';
  return `${prefix}${String(Math.max(...numbers.map(Number)) + 1).padStart(width, '0')}`;
}

const int = (text: string): number => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** "Add a row of racks in one gesture": the form, a live preview on the map, and the write. */
export function AddRowPanel(props: AddRowPanelProps): ReactElement {
  const { data, picked, onPreview } = props;
  const [form, setForm] = useState<Form>(() => {
    const row = nextRowName(data);
    return {
      row,
      namePrefix: `${row}-`,
      count: '24',
      firstNumber: '1',
      gridX: '',
      gridY: '',
      direction: 'E',
      facing: 'S',
      uHeight: '42',
      powerBudgetKw: '17.3',
      cooling: 'air',
      widthTiles: '1',
      depthTiles: '2',
    };
  });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (picked) setForm((f) => ({ ...f, gridX: String(picked.x), gridY: String(picked.y) }));
  }, [picked]);

  const index = useMemo(() => new OccupancyIndex(floorItemsOf(data)), [data]);
  const takenNames = useMemo(() => new Set(data.racks.map((r) => r.name.toLowerCase())), [data]);

  const plan = useMemo(() => {
    const numbers = { count: int(form.count), firstNumber: int(form.firstNumber), gridX: int(form.gridX), gridY: int(form.gridY), widthTiles: int(form.widthTiles), depthTiles: int(form.depthTiles) };
    if (Object.values(numbers).some((n) => Number.isNaN(n))) return null;
    if (numbers.count < 1 || numbers.count > 200 || numbers.widthTiles < 1 || numbers.widthTiles > 4 || numbers.depthTiles < 1 || numbers.depthTiles > 4) return null;
    const spec = { ...numbers, direction: form.direction, facing: form.facing, namePrefix: form.namePrefix.trim() };
    const racks = planRackRow(spec);
    const taken = racks.find((r) => takenNames.has(r.name.toLowerCase()));
    const problem =
      rowDirectionProblem(spec) ??
      (taken ? `Room ${data.room.name} already has a rack named ${taken.name}; choose another name prefix or first number.` : null) ??
      groupPlacementProblem(
        racks.map((r, i) => ({ ...r, id: -1 - i })),
        data.room,
        index,
      );
    return { racks, problem };
  }, [form, index, takenNames, data.room]);

  useEffect(() => {
    onPreview(plan ? { ghosts: plan.racks.map((r) => ({ rect: footprint(r), front: frontEdge(r), label: r.name })), ok: plan.problem === null } : null);
  }, [plan, onPreview]);
  useEffect(() => () => onPreview(null), [onPreview]);

  const set = <K extends keyof Form>(key: K, value: Form[K]): void => {
    setError(null);
    setForm((f) => {
      const next = { ...f, [key]: value };
      if (key === 'row' && f.namePrefix === `${f.row}-`) next.namePrefix = `${String(value)}-`;
      // Keep the direction across the racks' facing: a row grows side by side.
      if (key === 'facing' && alongX(next.direction) === alongX(next.facing)) next.direction = alongX(next.facing) ? 'S' : 'E';
      return next;
    });
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!plan || saving) return;
    setSaving(true);
    api
      .call('row.addRacks', {
        roomId: data.room.id,
        row: form.row,
        gridX: int(form.gridX),
        gridY: int(form.gridY),
        direction: form.direction,
        count: int(form.count),
        facing: form.facing,
        namePrefix: form.namePrefix,
        firstNumber: int(form.firstNumber),
        widthTiles: int(form.widthTiles),
        depthTiles: int(form.depthTiles),
        uHeight: int(form.uHeight),
        powerBudgetKw: Number(form.powerBudgetKw),
        cooling: form.cooling,
      })
      .then(
        (result) => props.onAdded(result),
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      )
      .finally(() => setSaving(false));
  };

  const directions = FACINGS.filter((d) => alongX(d) !== alongX(form.facing));
  const field = (key: TextKey, label: string, extra: { mono?: boolean; inputMode?: 'numeric' | 'decimal' } = {}): ReactElement => (
    <div className="field field-half">
      <label htmlFor={`floor-add-${key}`}>{label}</label>
      <input id={`floor-add-${key}`} className={extra.mono ? 'mono' : undefined} inputMode={extra.inputMode} value={form[key]} onChange={(e) => set(key, e.target.value)} />
    </div>
  );

  return (
    <form className="floor-side panel" onSubmit={submit} aria-label="Add a row of racks">
      <div className="panel-head">
        <span className="panel-title">Add a row of racks</span>
        <button type="button" className="btn btn-quiet" onClick={props.onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <div className="form">
        <div className="field-hint">Click the floor to set where the first rack stands. Green ghosts fit; red ones do not.</div>
        <div className="form-fields">
          {field('row', 'Row', { mono: true })}
          {field('namePrefix', 'Name prefix', { mono: true })}
          {field('count', 'Racks', { inputMode: 'numeric' })}
          {field('firstNumber', 'First number', { inputMode: 'numeric' })}
          {field('gridX', 'First rack x (tile)', { inputMode: 'numeric' })}
          {field('gridY', 'First rack y (tile)', { inputMode: 'numeric' })}
          <div className="field field-half">
            <label htmlFor="floor-add-facing">Fronts face</label>
            <select id="floor-add-facing" value={form.facing} onChange={(e) => set('facing', e.target.value as Facing)}>
              {FACINGS.map((f) => (
                <option key={f} value={f}>
                  {FACING_LABELS[f]}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-half">
            <label htmlFor="floor-add-direction">Row grows</label>
            <select id="floor-add-direction" value={form.direction} onChange={(e) => set('direction', e.target.value as Facing)}>
              {directions.map((d) => (
                <option key={d} value={d}>
                  {FACING_LABELS[d]}
                </option>
              ))}
            </select>
          </div>
          {field('uHeight', 'Height (U)', { inputMode: 'numeric' })}
          {field('powerBudgetKw', 'Budget (kW)', { inputMode: 'decimal' })}
          <div className="field field-half">
            <label htmlFor="floor-add-cooling">Cooling</label>
            <select id="floor-add-cooling" value={form.cooling} onChange={(e) => set('cooling', e.target.value as RackCooling)}>
              {RACK_COOLING.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          {field('widthTiles', 'Width (tiles)', { inputMode: 'numeric' })}
          {field('depthTiles', 'Depth (tiles)', { inputMode: 'numeric' })}
        </div>
        {plan ? (
          <div className={plan.problem ? 'field-error' : 'field-hint'} role="status">
            {plan.problem ?? `${plan.racks.length} racks: ${plan.racks[0]?.name} … ${plan.racks[plan.racks.length - 1]?.name}`}
          </div>
        ) : (
          <div className="field-hint">Fill in whole numbers for the position and the count.</div>
        )}
        {error ? (
          <div className="field-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!plan || plan.problem !== null || saving}>
            {saving ? 'Adding…' : 'Add row'}
          </button>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}
