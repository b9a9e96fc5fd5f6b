import { CellReader, makeCellPlan, type CellPlan } from '../engine/cells';
import { DCGM_LABELS, dcgmField } from '../map/gpu-fields';
import { normaliseBusId, type TargetIdentity } from '../map/identity';
import { LineSplitter } from '../source/lines';
import type { ImportRun } from '../engine/run';
import { isTimestampLine, parseTimestampText, type TimeOut } from '../map/timestamps';
import { parseUnit } from '../map/units';

/**
 * The DCGM exporter's Prometheus text exposition as saved from `/metrics`: `# HELP`/`# TYPE` lines, then
 * `DCGM_FI_…{gpu="0",UUID="GPU-…",pci_bus_id="…",Hostname="…",…} 612.345000 [timestamp_ms]`. Label
 * spellings vary by exporter version (`Hostname`/`hostname`, `UUID`/`uuid`), DCGM 4.6 names alias the
 * old ones, and old exporters print sentinels for "not supported". A scrape has no time of its own unless
 * samples carry one; a `date` line between concatenated scrapes gives it, else the file's modification time.
 */

const SAMPLE = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?\s*$/;
const LABEL = /\s*([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;

export function parseLabels(text: string): Map<string, string> | null {
  const labels = new Map<string, string>();
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const m = LABEL.exec(text);
    if (!m) return text.slice(start).trim() === '' ? labels : null;
    labels.set(m[1] ?? '', (m[2] ?? '').replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c)));
  }
  return labels;
}

function label(labels: Map<string, string>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = labels.get(name);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** The target of a DCGM sample or flattened-CSV row, from its labels. */
export function dcgmIdentity(get: (names: readonly string[]) => string | undefined, defaultHost: string | null): { key: string; identity: TargetIdentity } | null {
  const uuid = get(DCGM_LABELS.uuid);
  const host = get(DCGM_LABELS.host) ?? defaultHost ?? undefined;
  const busText = get(DCGM_LABELS.bus);
  const bus = busText ? normaliseBusId(busText) : null;
  const index = get(DCGM_LABELS.index);
  const serial = get(DCGM_LABELS.serial);
  const identity: { -readonly [K in keyof TargetIdentity]: TargetIdentity[K] } = { hint: 'gpu' };
  if (uuid) identity.uuid = uuid;
  if (serial) identity.serial = serial;
  if (host) identity.host = host;
  if (bus) identity.busId = bus;
  if (index !== undefined) identity.gpuIndex = index;
  const gpuKey = uuid ? `u:${uuid}` : serial ? `s:${serial}` : host && bus ? `h:${host}/${bus}` : host && index !== undefined ? `i:${host}#${index}` : null;
  if (gpuKey === null) return null;
  // A MIG instance is its own target under its GPU: its samples never fold onto the GPU's (or each other's).
  const mig = get(DCGM_LABELS.mig);
  if (mig === undefined) return { key: gpuKey, identity };
  identity.mig = mig;
  const profile = get(DCGM_LABELS.migProfile);
  if (profile) identity.migProfile = profile;
  return { key: `${gpuKey}|mig:${mig}`, identity };
}

export class PrometheusParser {
  private readonly lines: LineSplitter;
  private readonly cells: CellReader;
  private readonly plans = new Map<string, CellPlan | null>();
  private scrapeTime: TimeOut | null = null;
  private readonly sampleTime: TimeOut = { ms: 0, naive: false };
  private readonly fileTime: TimeOut | null;
  private usedFileTime = false;

  constructor(
    private readonly run: ImportRun,
    modifiedMs: number | null,
    private readonly defaultHost: string | null,
  ) {
    this.cells = new CellReader(run);
    this.fileTime = modifiedMs !== null ? { ms: Math.floor(modifiedMs), naive: false } : null;
    this.lines = new LineSplitter((text, line) => this.line(text, line));
  }

  push(bytes: Uint8Array): void {
    this.lines.push(bytes);
  }

  end(): void {
    this.lines.end();
    if (this.usedFileTime) this.run.note('The scrapes carry no time of their own; readings are placed at the file’s modification time.');
  }

  private plan(name: string): CellPlan | null {
    let plan = this.plans.get(name);
    if (plan === undefined) {
      const field = dcgmField(name);
      const made = field?.metric && field.kind ? makeCellPlan(name, field.metric, field.kind, field.defaultUnit ? parseUnit(field.defaultUnit) : null, { factor: field.factor ?? 1 }) : null;
      plan = made !== null && typeof made !== 'string' ? made : null;
      this.plans.set(name, plan);
    }
    return plan;
  }

  private line(raw: string, line: number): void {
    const run = this.run;
    const text = raw.trim();
    if (text === '') return;
    if (text.startsWith('#')) {
      const comment = text.replace(/^#+\s*/, '');
      if (!/^(HELP|TYPE|EOF)\b/.test(comment) && isTimestampLine(comment)) this.setScrapeTime(comment);
      return;
    }
    if (!text.includes('{') && isTimestampLine(text)) {
      this.setScrapeTime(text);
      return;
    }
    const m = SAMPLE.exec(text);
    run.beginRow(line);
    if (!m) {
      run.rejectRow('', 'not a Prometheus sample line (name{labels} value)');
      return;
    }
    const name = m[1] ?? '';
    const plan = this.plan(name);
    if (!plan) {
      run.ignoreMetric(name);
      run.ignoreRow(name, 'not a metric Floorwalk imports');
      return;
    }
    const labels = parseLabels(m[3] ?? '');
    if (!labels) {
      run.rejectRow(name, 'the labels cannot be read');
      return;
    }
    const who = dcgmIdentity((names) => label(labels, names), this.defaultHost);
    if (!who) {
      run.rejectRow(name, 'the sample names no GPU (no UUID, serial, or Hostname with pci_bus_id or gpu label)');
      return;
    }
    let at: TimeOut | null = this.scrapeTime;
    if (m[5] !== undefined) {
      this.sampleTime.ms = Number(m[5]);
      at = this.sampleTime;
    } else if (at === null && this.fileTime !== null) {
      at = this.fileTime;
      this.usedFileTime = true;
    }
    if (at === null) {
      run.rejectRow(name, 'no time: the sample has no timestamp, no date line precedes it, and the upload gave no file time');
      return;
    }
    const target = run.target(who.key, () => who.identity);
    this.cells.read(plan, m[4] ?? '', false);
    run.endRow(target, run.utc(target, at));
  }

  private setScrapeTime(text: string): void {
    const at: TimeOut = { ms: 0, naive: false };
    if (parseTimestampText(text, 'mdy', at)) this.scrapeTime = at;
  }
}
