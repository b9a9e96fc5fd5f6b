/** What the telemetry requests return (types only, shared by the core, the CLI and the renderer). */

export type TelemetryFormat = 'nvidia-smi' | 'dcgm-prometheus' | 'dcgm-csv' | 'grafana' | 'rack-env' | 'cdu' | 'redfish' | 'long';

export const TELEMETRY_FORMATS: readonly TelemetryFormat[] = ['nvidia-smi', 'dcgm-prometheus', 'dcgm-csv', 'grafana', 'rack-env', 'cdu', 'redfish', 'long'];

export const FORMAT_LABELS: Readonly<Record<TelemetryFormat, string>> = {
  'nvidia-smi': 'nvidia-smi --query-gpu CSV',
  'dcgm-prometheus': 'DCGM exporter (Prometheus text)',
  'dcgm-csv': 'DCGM exporter (flattened CSV)',
  grafana: 'Grafana panel CSV (Prometheus / DCGM series)',
  'rack-env': 'Rack environment / PDU export',
  cdu: 'CDU / liquid-loop export',
  redfish: 'Redfish MetricReport (JSON or CSV) / property columns',
  long: 'Long format (timestamp, target, metric, value, unit)',
};

export interface RowError {
  readonly line: number;
  /** The column the problem is in (its header), or "" for the whole line. */
  readonly column: string;
  readonly reason: string;
}

/** What a column holds; the long format's metric-name/value/unit columns describe a reading per row. */
export type ColumnUse = 'timestamp' | 'date' | 'time' | 'target' | 'qualifier' | 'status' | 'metric' | 'metric-name' | 'value' | 'unit' | 'ignored';

export interface DetectedColumn {
  readonly column: string;
  readonly use: ColumnUse;
  readonly metric: string | null;
  /** The canonical unit the values are stored in. */
  readonly unit: string | null;
  /** The unit the file gives (converted from), or null when none is given and the canonical unit is assumed. */
  readonly fromUnit: string | null;
  readonly note: string | null;
}

export interface SampleReading {
  readonly target: string;
  readonly matched: boolean;
  /** ISO UTC. */
  readonly at: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

export interface TimeZoneUse {
  /** --timezone, or null when each target's site zone applies. */
  readonly option: string | null;
  /** Zone for targets without a known site (unmatched), or null (then UTC). */
  readonly fallback: string | null;
  /** Zones naive times were read in, with how many rows each. */
  readonly zones: ReadonlyArray<{ readonly zone: string; readonly rows: number }>;
  /** Wall times in the repeated DST hour (resolved by the documented rule) and in the skipped hour. */
  readonly ambiguous: number;
  readonly nonexistent: number;
}

export interface TelemetryDetectResult {
  readonly file: string;
  readonly format: TelemetryFormat;
  readonly formatLabel: string;
  /** Why this format: the evidence, or "forced". */
  readonly evidence: string;
  readonly encoding: string;
  readonly delimiter: string | null;
  readonly decimalComma: boolean;
  readonly dateOrder: string | null;
  readonly columns: readonly DetectedColumn[];
  /** An nvidia-smi file written with noheader: --columns must name its fields. */
  readonly needsColumns: boolean;
  readonly timeZone: TimeZoneUse;
  readonly sample: readonly SampleReading[];
  readonly sampleRows: number;
  readonly sampleTargets: number;
  readonly sampleUnmatched: number;
  readonly sampleErrors: readonly RowError[];
  readonly warnings: readonly string[];
  /** The header cells the map is about (for noheader nvidia-smi: the --columns list). */
  readonly header: readonly string[];
  /** The header's fingerprint (profiles are offered by it), or null for a file without one. */
  readonly fingerprint: string | null;
  /** The profile applied (`profile` in the request), or null. */
  readonly profile: string | null;
  /** The corrections applied, `COLUMN=ROLE[:UNIT]` each: the profile's, then the request's `map`. */
  readonly map: readonly string[];
  /** Saved profiles made for this header, most used first: what the preview offers. */
  readonly profiles: readonly TelemetryProfile[];
}

/** A corrected column map saved under a name, offered for files whose header has its fingerprint. */
export interface TelemetryProfile {
  readonly name: string;
  readonly format: TelemetryFormat;
  readonly fingerprint: string;
  readonly header: readonly string[];
  /** The corrections, `COLUMN=ROLE[:UNIT]` each (what --map takes). */
  readonly map: readonly string[];
  readonly timezone: string | null;
  readonly columns: string | null;
  readonly actor: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Imports that applied it. */
  readonly uses: number;
  readonly lastUsedAt: string | null;
}

export interface UnmatchedTargetSummary {
  readonly key: string;
  readonly label: string;
  readonly note: string | null;
}

/**
 * Conservation of one file's data cells: cellsRead = readings + Σ skipped + Σ rejected + Σ collapsed +
 * Σ ignored, and readings + derived = stored + duplicates. An import whose ledger does not balance is
 * refused and rolled back.
 */
export interface TelemetryLedger {
  /** Value cells read (identity and time cells are keys, not data; cells of ignored columns count). */
  readonly cellsRead: number;
  /** Readings made from cells, handed to the store. */
  readonly readings: number;
  /** Readings derived from another cell (throttle bitmask → thermal and power flags). */
  readonly derived: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly skipped: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  /** Cells of rejected rows, by reason (the cell's own text left out). */
  readonly rejected: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  /** Values folded onto another column's reading of the same metric in the same row (kept: first, or largest). */
  readonly collapsed: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  readonly ignored: ReadonlyArray<{ readonly column: string; readonly reason: string; readonly count: number }>;
  /** Lines with no data cell that were passed over (pdsh notices, NVML error lines). */
  readonly lines: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  readonly balanced: boolean;
  readonly problems: readonly string[];
}

export interface TelemetryImportResult {
  readonly file: string;
  readonly format: TelemetryFormat;
  readonly importId: number;
  readonly bytes: number;
  /** Data rows read (headers, banners and blank lines are not rows). */
  readonly rows: number;
  /** New readings stored. */
  readonly readings: number;
  /** Readings already stored (re-import, overlapping files); not stored again. */
  readonly duplicates: number;
  /** Placeholder and sentinel values, and lines that carry no reading (NVML errors, pdsh notices), skipped and counted. */
  readonly skipped: number;
  readonly skippedBy: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  readonly rejected: number;
  /** The first 100 rejected rows. */
  readonly errors: readonly RowError[];
  readonly targets: number;
  readonly unmatchedTargets: number;
  readonly unmatched: readonly UnmatchedTargetSummary[];
  readonly ignoredMetrics: ReadonlyArray<{ readonly name: string; readonly count: number }>;
  readonly deadGpus: ReadonlyArray<{ readonly line: number; readonly host: string | null; readonly busId: string | null; readonly message: string }>;
  readonly timeZone: TimeZoneUse;
  readonly firstAt: string | null;
  readonly lastAt: string | null;
  /** Targets of earlier imports that were unmatched and are in the inventory now (moved onto it). */
  readonly relinked: number;
  readonly notes: readonly string[];
  readonly ledger: TelemetryLedger;
  /** The profile applied, and the one saved by this import (`saveProfile`), or null. */
  readonly profile: string | null;
  readonly savedProfile: string | null;
  readonly seconds: number;
}

export interface MetricStat {
  readonly metric: string;
  readonly unit: string;
  readonly count: number;
  readonly min: number | null;
  readonly max: number | null;
  /** ISO UTC of the first and last reading. */
  readonly first: string | null;
  readonly last: string | null;
}

export interface TelemetryStats {
  readonly metrics: readonly MetricStat[];
  readonly targets: number;
  readonly unmatchedTargets: number;
  readonly imports: number;
}

export interface LatestReading {
  readonly targetId: number;
  readonly kind: string;
  readonly entityId: number | null;
  readonly label: string;
  readonly rackId: number | null;
  readonly metric: string;
  readonly unit: string;
  readonly at: string;
  readonly value: number;
}

export interface UnmatchedTarget {
  readonly id: number;
  readonly key: string;
  readonly label: string;
  readonly note: string | null;
  readonly identity: Readonly<Record<string, string>>;
  /** How many metrics it reports. */
  readonly metrics: number;
  readonly lastAt: string | null;
}

export interface SilentAccelerator {
  readonly id: number;
  readonly serial: string | null;
  readonly uuid: string | null;
  readonly host: string | null;
  readonly slot: number;
  readonly place: string;
}

export interface TelemetryUnmatched {
  readonly targets: readonly UnmatchedTarget[];
  readonly total: number;
  /** Inventory GPUs no imported file mentions (in the given room, or everywhere). */
  readonly silentAccelerators: readonly SilentAccelerator[];
  readonly silentAcceleratorsTotal: number;
}

export interface BucketValue {
  readonly targetId: number;
  /** Bucket start, epoch ms UTC. */
  readonly bucketMs: number;
  readonly avg: number;
  readonly max: number;
  readonly min: number;
  readonly count: number;
}
